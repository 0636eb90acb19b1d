import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { main } from '../../src/cli/main';

/** What one CLI run printed and returned. */
interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const ROOT = join(__dirname, '..', '..');

/** Runs the CLI's `main` in this process, with captured output. */
async function runCli(argv: readonly string[], options: { env?: Record<string, string | undefined>; cwd?: string } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
  });
  return { code, stdout, stderr };
}

/** Runs the package's bin as a child process, the way `npx ses-bounce-guard` does. */
function runBin(argv: readonly string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin', 'ses-bounce-guard.js'), ...argv],
      { cwd: options.cwd ?? ROOT, env: { ...process.env, ...options.env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export type { CliRun };
export { runBin, runCli };
