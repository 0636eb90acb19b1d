import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
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
 * Cold start: the bundle `cdk deploy` ships, loaded (the module's top level run, as Lambda's init
 * does) in a fresh Node process, against an empty Node process, alternately.
 */
async function measureColdStart(bundle: string, env: Record<string, string>): Promise<Figure[]> {
  const load = 'require(process.argv[1])';
  const loaded: { ms: number; requireMs: number; rss: number }[] = [];
  const empty: { ms: number; requireMs: number; rss: number }[] = [];
  await fresh(load, [bundle], env);
  for (let i = 0; i < ROUNDS; i++) {
    const pair = i % 2 === 0 ? [true, false] : [false, true];
    for (const withBundle of pair) {
      if (withBundle) loaded.push(await fresh(load, [bundle], env));
      else empty.push(await fresh('void 0', [], env));
    }
  }
  const loadMs = median(loaded.map((r) => r.ms));
  const emptyMs = median(empty.map((r) => r.ms));
  const ratio = loadMs / emptyMs;
  return [
    { name: 'handler bundle size', value: statSync(bundle).size / 1024, unit: 'KiB' },
    { name: 'fresh node + bundle load: time', value: loadMs, unit: 'ms' },
    { name: 'empty node process: time', value: emptyMs, unit: 'ms' },
    { name: 'bundle load / empty node', value: ratio, unit: 'x', target: '<= 2', meets: ratio <= 2 },
    { name: 'require(bundle) alone, inside the process', value: median(loaded.map((r) => r.requireMs)), unit: 'ms' },
    { name: 'RSS after bundle load / empty node', value: median(loaded.map((r) => r.rss)) / median(empty.map((r) => r.rss)), unit: 'x' },
  ];
}

export { measureColdStart };
