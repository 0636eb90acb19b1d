import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachedSynth, synthCacheKey } from '../../local/synthCache';

/** A project tree with one file in each input, and one outside them. */
function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'synth-cache-root-'));
  for (const dir of ['lib', 'lambda', 'src', 'bin', 'test']) {
    mkdirSync(join(root, dir));
    writeFileSync(join(root, dir, 'index.ts'), `// ${dir}\n`);
  }
  writeFileSync(join(root, 'cdk.json'), '{"app":"npx tsx bin/app.ts"}');
  writeFileSync(join(root, 'package-lock.json'), '{}');
  return root;
}

/** A synth that writes a minimal assembly and counts its calls. */
function countingSynth() {
  const calls: string[] = [];
  return {
    calls,
    synth: async (outdir: string) => {
      calls.push(outdir);
      mkdirSync(outdir, { recursive: true });
      writeFileSync(join(outdir, 'manifest.json'), '{}');
    },
  };
}

describe('Function: synthCacheKey', () => {
  it('changes with any file of lib/, lambda/, src/, bin/, cdk.json, package-lock.json and with the context, and with nothing else', () => {
    // Prepare
    const root = project();
    const key = () => synthCacheKey(root, { configurationSetName: 'txn-mail' });
    const first = key();

    // Act and Assess: outside the inputs, nothing changes.
    writeFileSync(join(root, 'test', 'index.ts'), '// changed\n');
    writeFileSync(join(root, 'README.md'), 'new');
    expect(key()).toBe(first);
    expect(synthCacheKey(root, { configurationSetName: 'orders' })).not.toBe(first);
    const seen = new Set([first]);
    for (const file of ['lib/index.ts', 'lambda/index.ts', 'src/index.ts', 'bin/index.ts', 'cdk.json', 'package-lock.json', 'lib/added.ts']) {
      writeFileSync(join(root, file), `changed ${file}`);
      expect(seen.has(key()), file).toBe(false);
      seen.add(key());
    }
  });
});

describe('Function: cachedSynth', () => {
  it('synthesizes once per key: a second run reuses the assembly, a change synthesizes anew', async () => {
    // Prepare
    const root = project();
    const cacheDir = join(mkdtempSync(join(tmpdir(), 'synth-cache-')), 'cache');
    const { calls, synth } = countingSynth();
    const run = () => cachedSynth(cacheDir, synthCacheKey(root, {}), synth);

    // Act
    const first = await run();
    const second = await run();
    writeFileSync(join(root, 'lib', 'index.ts'), '// a construct changed\n');
    const changed = await run();

    // Assess
    expect([first.reused, second.reused, changed.reused]).toEqual([false, true, false]);
    expect(calls).toHaveLength(2);
    expect(second.outdir).toBe(first.outdir);
    expect(changed.outdir).not.toBe(first.outdir);
    // Built beside the entry and renamed into place: no half-built folder is left.
    expect(readdirSync(cacheDir).filter((name) => name.includes('.building-'))).toEqual([]);
  });

  it('never reuses an interrupted synth, and leaves nothing of it behind', async () => {
    // Prepare
    const root = project();
    const cacheDir = join(mkdtempSync(join(tmpdir(), 'synth-cache-')), 'cache');
    const key = synthCacheKey(root, {});
    const failing = async (outdir: string) => {
      mkdirSync(outdir, { recursive: true });
      throw new Error('synth failed');
    };

    // Act
    await expect(cachedSynth(cacheDir, key, failing)).rejects.toThrow('synth failed');
    const { calls, synth } = countingSynth();
    const next = await cachedSynth(cacheDir, key, synth);

    // Assess
    expect(next.reused).toBe(false);
    expect(calls).toHaveLength(1);
    expect(readdirSync(cacheDir)).toEqual([key]);
  });
});
