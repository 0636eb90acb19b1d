import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { type Figure, median } from './measure';

const ROUNDS = 15;

/** Runs `script` in a fresh Node process; returns its wall time, the script's own time and the RSS. */
function fresh(script: string, args: string[], env: Record<string, string>): Promise<{ ms: number; requireMs: number; rss: number }> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const timedScript = `const t=process.hrtime.bigint();${script};process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6)+' '+process.memoryUsage().rss)`;
    const child = spawn(process.execPath, ['-e', timedScript, ...args], {
      env: { PATH: process.env.PATH ?? '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const [requireMs, rss] = out.split(' ').map(Number);
      if (code === 0) resolve({ ms, requireMs: requireMs as number, rss: rss as number });
      else reject(new Error(`node exited with ${code}`));
    });
  });
}

/**
 * A bundle of the AWS SDK's DynamoDB document client alone, built as the stack builds the handler:
 * what any function that writes to DynamoDB with SDK v3 pays, whatever else it does.
 */
async function sdkOnlyBundle(dir: string): Promise<string> {
  const outfile = join(dir, 'sdk-only.js');
  await build({
    stdin: {
      contents:
        "import { DynamoDBClient } from '@aws-sdk/client-dynamodb'; import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'; export const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));",
      resolveDir: join(__dirname, '..'),
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    mainFields: ['module', 'main'],
    minify: true,
    keepNames: true,
    outfile,
    logLevel: 'error',
  });
  return outfile;
}

/**
 * Cold start: the bundle `cdk deploy` ships, loaded (its top level run, as Lambda's init does) in
 * a fresh Node process, against an empty Node process and against the SDK's client alone,
 * in turn.
 */
async function measureColdStart(bundle: string, env: Record<string, string>, scratch: string): Promise<Figure[]> {
  const load = 'require(process.argv[1])';
  const sdk = await sdkOnlyBundle(scratch);
  const runs = { loaded: [] as Run[], sdk: [] as Run[], empty: [] as Run[] };
  const contenders: [keyof typeof runs, () => Promise<Run>][] = [
    ['loaded', () => fresh(load, [bundle], env)],
    ['sdk', () => fresh(load, [sdk], env)],
    ['empty', () => fresh('void 0', [], env)],
  ];
  for (const [, run] of contenders) await run();
  for (let i = 0; i < ROUNDS; i++) {
    for (let j = 0; j < contenders.length; j++) {
      const [name, run] = contenders[(i + j) % contenders.length] as [keyof typeof runs, () => Promise<Run>];
      runs[name].push(await run());
    }
  }
  const ms = (name: keyof typeof runs): number => median(runs[name].map((r) => r.ms));
  const ratio = ms('loaded') / ms('empty');
  return [
    { name: 'handler bundle size', value: statSync(bundle).size / 1024, unit: 'KiB' },
    { name: 'fresh node + bundle load: time', value: ms('loaded'), unit: 'ms' },
    { name: 'empty node process: time', value: ms('empty'), unit: 'ms' },
    { name: 'bundle load / empty node', value: ratio, unit: 'x', target: '<= 2', meets: ratio <= 2 },
    { name: 'SDK DynamoDB client alone / empty node', value: ms('sdk') / ms('empty'), unit: 'x' },
    { name: 'require(bundle) alone, inside the process', value: median(runs.loaded.map((r) => r.requireMs)), unit: 'ms' },
    { name: 'require(SDK client) alone, inside the process', value: median(runs.sdk.map((r) => r.requireMs)), unit: 'ms' },
    { name: 'RSS after bundle load / empty node', value: median(runs.loaded.map((r) => r.rss)) / median(runs.empty.map((r) => r.rss)), unit: 'x' },
  ];
}

type Run = { ms: number; requireMs: number; rss: number };

export { measureColdStart };
