import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * What the synthesized stack depends on: the app and its constructs, the handler's code and what
 * it imports, the CDK settings and the installed versions. Anything else (tests, docs, samples,
 * local/ itself) cannot change the template or the bundle.
 */
const SYNTH_INPUTS = ['lib', 'lambda', 'src', 'bin', 'cdk.json', 'package-lock.json'] as const;

/** Cache entries kept: the newest few, so that switching between two settings stays fast and the folder stays small. */
const KEEP_ENTRIES = 3;

/**
 * The cache key of one synth: a SHA-256 over the path and content of every file under
 * {@link SYNTH_INPUTS} and the context given, so that any change to either is a new key.
 */
function synthCacheKey(root: string, context: Record<string, unknown>): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(context));
  for (const file of SYNTH_INPUTS.flatMap((input) => filesUnder(join(root, input)))) {
    hash.update(`\0${relative(root, file)}\0`);
    hash.update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 32);
}

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

/** Where a synth is, and whether it was there before this run. */
interface CachedSynth {
  readonly outdir: string;
  readonly reused: boolean;
}

/**
 * The cloud assembly for `key` under `cacheDir`: reused when a complete one is there, otherwise
 * made by `synth` in a folder of its own and renamed into place only when complete, so that an
 * interrupted synth is never reused. Older entries beyond the newest few are removed.
 */
async function cachedSynth(cacheDir: string, key: string, synth: (outdir: string) => Promise<void>): Promise<CachedSynth> {
  const outdir = join(cacheDir, key);
  if (existsSync(join(outdir, 'manifest.json'))) return { outdir, reused: true };
  mkdirSync(cacheDir, { recursive: true });
  const building = join(cacheDir, `${key}.building-${process.pid}`);
  rmSync(building, { recursive: true, force: true });
  try {
    await synth(building);
    rmSync(outdir, { recursive: true, force: true });
    renameSync(building, outdir);
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
  prune(cacheDir, key);
  return { outdir, reused: false };
}

function prune(cacheDir: string, keep: string): void {
  const entries = readdirSync(cacheDir)
    .filter((name) => name !== keep && !name.includes('.building-'))
    .map((name) => ({ name, at: statSync(join(cacheDir, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { name } of entries.slice(KEEP_ENTRIES - 1)) rmSync(join(cacheDir, name), { recursive: true, force: true });
}

export type { CachedSynth };
export { cachedSynth, SYNTH_INPUTS, synthCacheKey };
