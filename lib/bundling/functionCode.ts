import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Code } from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import { bundleFunction } from './bundleFunction';
import type { FunctionName } from './functionEntries';

/** True when this module runs from the TypeScript source rather than the built package. */
const FROM_SOURCE = __filename.endsWith('.ts');

/** Source does not change while a process runs: one bundle per function per process. */
const bundledThisProcess = new Map<FunctionName, string>();

/**
 * A function's code for `lambda.Function`:
 *
 * - installed package (`dist/lib/bundling/functionCode.js`): the bundle `npm run build` made,
 *   `dist/assets/<name>/`, so a consumer's synth needs neither esbuild nor Docker;
 * - source tree: bundled now from `lambda/` with the same options, so a change is never tested
 *   against a stale bundle;
 * - a stack whose bundling is skipped (context `aws:cdk:bundling-stacks`, as `cdk synth
 *   --exclusively` and the unit tests set it): a placeholder, as CDK's own NodejsFunction does.
 *
 * @param scope - any construct of the stack the function is in
 * @param name - which function
 */
function functionCode(scope: IConstruct, name: FunctionName): Code {
  if (!FROM_SOURCE) return Code.fromAsset(join(__dirname, '..', '..', 'assets', name));
  if (!Stack.of(scope).bundlingRequired) return Code.fromInline(`// ${name}: bundling skipped for this stack`);
  let outdir = bundledThisProcess.get(name);
  if (outdir === undefined) {
    outdir = mkdtempSync(join(tmpdir(), `ses-bounce-guard-${name}-`));
    bundleFunction(name, outdir);
    bundledThisProcess.set(name, outdir);
  }
  return Code.fromAsset(outdir);
}

export { functionCode };
