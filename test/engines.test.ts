import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');

interface Manifest {
  readonly engines?: { readonly node?: string };
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, Manifest & { version?: string }> };

describe('Package: engines', () => {
  const ours = manifest.engines?.node ?? '';

  it('names the Node.js versions it runs on, and this machine runs one of them', () => {
    expect(semver.validRange(ours)).not.toBeNull();
    expect(semver.satisfies(process.version, ours)).toBe(true);
  });

  it('promises no Node.js version that a locked dependency refuses', () => {
    // Prepare
    const declared = Object.entries(lock.packages).filter(([path, pkg]) => path !== '' && pkg.engines?.node !== undefined);

    // Act
    const refusing = declared
      .filter(([, pkg]) => !semver.subset(ours, pkg.engines?.node as string))
      .map(([path, pkg]) => `${path.replace(/^.*node_modules\//, '')}@${pkg.version} wants node ${pkg.engines?.node}`);

    // Assess
    expect(declared.length).toBeGreaterThan(50);
    expect(refusing).toEqual([]);
  });
});
