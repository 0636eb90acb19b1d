import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FUNCTION_ENTRIES } from '../../lib/bundling/functionEntries';

/**
 * The layout docs/architecture.md ("Code layout") describes: the processing core lives in `src/`
 * and never reaches into `lambda/`, and `lambda/` holds one folder per function, nothing loose.
 */
const ROOT = join(__dirname, '..', '..');

/** Every `.ts` file under `dir`, recursively, as absolute paths. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The relative module specifiers a file imports or re-exports, statically or dynamically. */
function relativeSpecifiers(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']*)'/g)].map((match) => match[1] as string);
}

describe('Layout: the processing core and the functions', () => {
  it('has no module of src/ importing from lambda/', () => {
    // Act
    const crossings = sourceFiles(join(ROOT, 'src')).flatMap((file) =>
      relativeSpecifiers(file)
        .filter((specifier) => relative(ROOT, resolve(dirname(file), specifier)).split('/')[0] === 'lambda')
        .map((specifier) => `${relative(ROOT, file)} imports ${specifier}`),
    );

    // Assess
    expect(crossings).toEqual([]);
  });

  it('holds one folder per deployed function in lambda/, each with the index.ts the bundle starts from', () => {
    // Prepare
    const entries = readdirSync(join(ROOT, 'lambda'));

    // Assess
    expect(entries.filter((name) => !statSync(join(ROOT, 'lambda', name)).isDirectory())).toEqual([]);
    expect(Object.values(FUNCTION_ENTRIES).sort()).toEqual(entries.map((name) => `lambda/${name}/index.ts`).sort());
    for (const entry of Object.values(FUNCTION_ENTRIES)) expect(existsSync(join(ROOT, entry)), entry).toBe(true);
  });
});
