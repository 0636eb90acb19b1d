import { spawn } from 'node:child_process';

/** What a finished child process left behind. */
interface ProcessResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command in a fresh process with exactly the given environment (plus `PATH`), feeding it
 * `input` on stdin; resolves when it exits, whatever its exit code.
 */
function runProcess(command: string, args: readonly string[], options: { cwd?: string; env: Record<string, string>; input?: string }): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { PATH: process.env.PATH ?? '', ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

export type { ProcessResult };
export { runProcess };
