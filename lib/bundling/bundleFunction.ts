import { join } from 'node:path';
import type { BuildOptions } from 'esbuild';
import { FUNCTION_ENTRIES, type FunctionName } from './functionEntries';

/** The package root: `lib/bundling/` in the source tree. */
const SOURCE_ROOT = join(__dirname, '..', '..');

/**
 * esbuild's options for a function, the same at build time (`npm run build`) and when a stack is
 * synthesized from source (tests, `npm start`, the standalone app), so what is tested is what ships.
 */
function bundleOptions(name: FunctionName, outdir: string): BuildOptions {
  return {
    entryPoints: [join(SOURCE_ROOT, FUNCTION_ENTRIES[name])],
    outfile: join(outdir, 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    // The runtime the constructs deploy (Runtime.NODEJS_22_X).
    target: 'node22',
    // The SDK goes into the bundle: the function runs the versions the tests ran, not whatever the
    // Lambda runtime ships that month. Its ES module builds let esbuild drop what the function
    // never calls: a third smaller bundle and a faster cold start (`npm run bench` measures it).
    mainFields: ['module', 'main'],
    minify: true,
    keepNames: true,
    logLevel: 'warning',
  };
}

/**
 * Bundles a function from source into `outdir/index.js` with esbuild, a dev dependency: only the
 * source tree calls this (an installed package ships the bundles prebuilt), so esbuild is required
 * here and not at the top of any module a consumer loads.
 */
function bundleFunction(name: FunctionName, outdir: string): void {
  const esbuild = require('esbuild') as typeof import('esbuild');
  esbuild.buildSync(bundleOptions(name, outdir));
}

export { bundleFunction, bundleOptions };
