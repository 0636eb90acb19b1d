import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { BounceGuardError, StoreUnavailableError } from '../domain/errors';
import { CheckerMisconfiguredError } from '../sender/errors';
import { describeError } from '../util/describeError';
import { nearestName } from '../util/nearestName';
import { COMMANDS } from './commands';
import { GLOBAL_OPTIONS } from './commonOptions';
import { createContext } from './context';
import { UsageError } from './errors';
import { ExitCode } from './exitCodes';
import { commandHelp, programHelp } from './help';
import type { CliIo, Command, OptionSpec } from './types';

/**
 * Runs the operator CLI once and resolves its exit code; never throws, never calls `process.exit`.
 *
 * @example
 * ```ts
 * const code = await main(['check', 'jane@example.com', '--table', 'SuppressionTable'], processIo());
 * ```
 * @param argv - the arguments after the program name
 */
async function main(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(programHelp(COMMANDS));
    return name === undefined ? ExitCode.USAGE : ExitCode.OK;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    io.stdout.write(`${packageVersion()}\n`);
    return ExitCode.OK;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    const nearest = nearestName(
      name,
      COMMANDS.map((c) => c.name),
    );
    const hint = nearest === undefined ? '' : `; did you mean "${nearest}"?`;
    io.stderr.write(`error: unknown command "${name}"${hint}\n\n${programHelp(COMMANDS)}`);
    return ExitCode.USAGE;
  }
  try {
    const { values, positionals } = parseArgs({
      args: [...rest],
      options: parseArgsOptions({ ...command.options, ...GLOBAL_OPTIONS }),
      allowPositionals: true,
      strict: true,
    });
    if (values.help === true) {
      io.stdout.write(commandHelp(command));
      return ExitCode.OK;
    }
    return await command.run(createContext(command.name, io, values, positionals));
  } catch (error) {
    return report(error, command, io);
  }
}

/** Turns any error into one clear message on stderr and its exit code. */
function report(error: unknown, command: Command, io: CliIo): ExitCode {
  if (error instanceof UsageError || isParseArgsError(error)) {
    const message = error instanceof UsageError ? error.message : parseArgsMessage(error as Error & { code: string }, command);
    io.stderr.write(`error: ${message}\nRun 'ses-bounce-guard ${command.name} --help' for usage.\n`);
    return ExitCode.USAGE;
  }
  if ((error instanceof StoreUnavailableError || error instanceof CheckerMisconfiguredError) && causeName(error) === 'ResourceNotFoundException') {
    io.stderr.write(`error: the table does not exist or is not reachable with these settings (${error.message})\nNothing was changed.\n`);
    return ExitCode.FAILED;
  }
  if (error instanceof BounceGuardError) {
    io.stderr.write(`error: ${error.message}\n`);
    return ExitCode.FAILED;
  }
  io.stderr.write(`error: unexpected ${describeError(error)}\n`);
  return ExitCode.FAILED;
}

function parseArgsOptions(options: Readonly<Record<string, OptionSpec>>): Record<string, { type: 'string' | 'boolean'; short?: string }> {
  return Object.fromEntries(
    Object.entries(options).map(([name, spec]) => [name, spec.short === undefined ? { type: spec.type } : { type: spec.type, short: spec.short }]),
  );
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

/**
 * `parseArgs`'s messages in the CLI's own words: its "Unknown option" text explains `--` with an
 * unbalanced quote and suggests nothing, so the option is named with the nearest one the command takes.
 */
function parseArgsMessage(error: Error & { code: string }, command: Command): string {
  const option = /'(-{1,2}[^' ]+)/.exec(error.message)?.[1];
  if (option === undefined) return error.message;
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const known = Object.keys({ ...command.options, ...GLOBAL_OPTIONS }).map((o) => `--${o}`);
    const typed = option.replace(/=.*/, '');
    // Short names are a few edits from anything: allow about one edit per three letters.
    const nearest = nearestName(typed, known, Math.min(3, Math.max(1, Math.floor(typed.replace(/^-+/, '').length / 3))));
    return `unknown option ${option} for ${command.name}${nearest === undefined ? '' : `; did you mean ${nearest}?`}`;
  }
  if (error.message.includes('argument missing')) return `${option} needs a value`;
  if (error.message.includes('argument is ambiguous')) return `${option} needs a value (to give one that starts with "-", write ${option}=<value>)`;
  if (error.message.includes('does not take an argument')) return `${option} takes no value`;
  return error.message;
}

/** The version in the package's package.json (the nearest one above this file, in src/ or dist/). */
function packageVersion(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (manifest.name === 'ses-bounce-guard' && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // No package.json here: look one folder up.
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}

function causeName(error: Error): string | undefined {
  const cause = error.cause;
  return cause instanceof Error ? cause.name : undefined;
}

/** The real process's streams and environment. */
function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** Runs the CLI in this process: sets `process.exitCode` (no `process.exit`, so output is flushed). */
async function run(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  process.exitCode = await main(argv, processIo());
}

if (require.main === module) void run();

export { main, processIo, run };
