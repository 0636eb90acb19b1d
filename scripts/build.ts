/**
 * `npm run build`: the package as consumers install it.
 *
 * - `dist/lib`, `dist/src`: the constructs, the sender library and the CLI, compiled to CommonJS
 *   with type declarations (tsc, tsconfig.build.json);
 * - `dist/assets/<name>/index.js`: each function prebundled by esbuild with the options synth uses
 *   from source, so that a consumer's `cdk synth` needs neither esbuild nor Docker.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { bundleFunction } from '../lib/bundling/bundleFunction';
import { FUNCTION_ENTRIES, type FunctionName } from '../lib/bundling/functionEntries';

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'dist');

rmSync(DIST, { recursive: true, force: true });
execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
for (const name of Object.keys(FUNCTION_ENTRIES) as FunctionName[]) {
  bundleFunction(name, join(DIST, 'assets', name));
  process.stdout.write(`bundled ${name} -> dist/assets/${name}/index.js\n`);
}
