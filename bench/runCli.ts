import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What one run of the real CLI cost. */
interface CliRunCost {
  readonly code: number;
  readonly ms: number;
  /** The child's peak resident set size, in MiB (`process.resourceUsage().maxRSS`). */
  readonly peakRssMiB: number;
  readonly stderr: string;
}

const ROOT = join(__dirname, '..');
const MARK = 'bench-max-rss-kib=';

/**
 * Runs the package's bin (`npx ses-bounce-guard`) in a child process, its stdout discarded, and
 * measures its wall time and peak RSS. The RSS comes from a preloaded hook that prints the child's
 * own `maxRSS` as it exits: the figure is the CLI's, with no `time` binary needed.
 */
function runCliMeasured(argv: readonly string[], workDir: string): Promise<CliRunCost> {
  const hook = join(workDir, 'report-max-rss.cjs');
  writeFileSync(hook, `process.on('exit', () => require('node:fs').writeSync(2, '\\n${MARK}' + process.resourceUsage().maxRSS + '\\n'));\n`);
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--require', hook, join(ROOT, 'bin', 'ses-bounce-guard.js'), ...argv], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const kib = Number(new RegExp(`${MARK}(\\d+)`).exec(stderr)?.[1] ?? Number.NaN);
      resolve({ code: code ?? -1, ms, peakRssMiB: kib / 1024, stderr: stderr.replace(new RegExp(`\\n?${MARK}\\d+\\n`), '') });
    });
  });
}

export type { CliRunCost };
export { runCliMeasured };
