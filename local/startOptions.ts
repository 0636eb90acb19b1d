import { parseArgs } from 'node:util';
import { DEFAULT_KEEP_PORT } from './constants';
import { StartUsageError } from './errors';

/** One option of `npm start`, as the parser and the help both read it. */
interface StartOptionSpec {
  readonly type: 'string' | 'boolean';
  /** The value's placeholder in the help; string options only. */
  readonly value?: string;
  readonly description: string;
}

/** Every option `npm start` takes: the parser's table and the source of `--help`. */
const START_OPTIONS = {
  keep: {
    type: 'boolean',
    description: 'after the run, leave DynamoDB Local running and print its endpoint, the table and a CLI line to paste; Ctrl-C (SIGINT) or SIGTERM stops it',
  },
  port: {
    type: 'string',
    value: 'N',
    description: `DynamoDB Local's port (default: ${DEFAULT_KEEP_PORT} with --keep, so the printed CLI line stays the same; otherwise a free port). A port in use is an error`,
  },
  'data-dir': { type: 'string', value: 'DIR', description: "keep DynamoDB Local's data in DIR between runs (default: in memory, gone when it stops)" },
  'configuration-set': {
    type: 'string',
    value: 'NAME',
    description: 'the configuration set the handler expects in mail.tags["ses:configuration-set"] (default: txn-mail)',
  },
  verbose: { type: 'boolean', description: "also print the handler's own JSON log lines" },
  help: { type: 'boolean', description: 'print this help and exit' },
} as const satisfies Record<string, StartOptionSpec>;

/** What `npm start` was asked to do. */
interface StartOptions {
  /** SES event files and directories; empty means the samples. */
  readonly inputs: readonly string[];
  readonly keep: boolean;
  /** DynamoDB Local's port; `undefined` means any free port. */
  readonly port?: number;
  readonly dataDir?: string;
  readonly configurationSet: string;
  readonly verbose: boolean;
  readonly help: boolean;
}

const DEFAULT_CONFIGURATION_SET = 'txn-mail';

/**
 * Parses `npm start`'s arguments.
 *
 * @throws StartUsageError with a one-line message for an unknown option, a missing or empty value,
 *   a value given to a flag, or a port that is not an integer from 1 to 65535
 */
function parseStartOptions(argv: readonly string[]): StartOptions {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new StartUsageError(usageProblem(error), { cause: error });
  }
  const { values, positionals } = parsed;
  for (const name of ['port', 'data-dir', 'configuration-set'] as const) {
    if (values[name] !== undefined && values[name].trim() === '') throw new StartUsageError(`--${name} needs a value (${START_OPTIONS[name].value})`);
  }
  const keep = values.keep === true;
  const port = values.port === undefined ? (keep ? DEFAULT_KEEP_PORT : undefined) : parsePort(values.port);
  return {
    inputs: positionals,
    keep,
    ...(port === undefined ? {} : { port }),
    ...(values['data-dir'] === undefined ? {} : { dataDir: values['data-dir'] }),
    configurationSet: values['configuration-set'] ?? DEFAULT_CONFIGURATION_SET,
    verbose: values.verbose === true,
    help: values.help === true,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: START_OPTIONS });
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text.trim()) || port < 1 || port > 65_535) throw new StartUsageError(`--port must be an integer from 1 to 65535, not "${text}"`);
  return port;
}

/** node:util's messages run to several lines and suggest `--` tricks; one line says enough. */
function usageProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  const option = /'(-[^' ]*)/.exec(message)?.[1] ?? 'an option';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (message.includes('does not take an argument')) return `${option} takes no value`;
    const spec = START_OPTIONS[option.replace(/^--/, '') as keyof typeof START_OPTIONS] as StartOptionSpec | undefined;
    return `${option} needs a value${spec?.value === undefined ? '' : ` (${spec.value})`}`;
  }
  return message.split('\n')[0] ?? message;
}

/** The whole `--help` text; the option lines come from {@link START_OPTIONS}. */
function startUsage(): string {
  const left = Object.entries(START_OPTIONS).map(([name, spec]: [string, StartOptionSpec]) => `--${name}${spec.value === undefined ? '' : ` ${spec.value}`}`);
  const width = Math.max(...left.map((l) => l.length));
  return [
    'usage: npm start -- [--keep] [--port N] [--data-dir DIR] [--configuration-set NAME] [--verbose] [FILE|DIR ...]',
    '',
    'Runs the whole pipeline on this machine, with no AWS account: synthesizes the stack, starts',
    'DynamoDB Local, creates the table from the template, delivers each SES event to the handler',
    'bundle `cdk deploy` ships (through SNS, then again through SQS), plus 2 forged messages it must',
    'reject, then prints what the handler did, the table and what the sender check decides.',
    'The synth is kept in node_modules/.cache/ses-bounce-guard-start/ and reused while lib/, lambda/,',
    'src/, bin/, cdk.json, package-lock.json and the settings are unchanged.',
    '',
    `  ${'FILE|DIR'.padEnd(width)}  SES events: a .json file holds one event or an array of them; a directory, every *.json in it (default: samples/)`,
    ...Object.values(START_OPTIONS).map((spec, i) => `  ${left[i]?.padEnd(width)}  ${spec.description}`),
    '',
    'Exit codes: 0 done; 1 one of your events was rejected or failed, a forgery was not rejected, or the run failed; 2 bad options or input.',
    '',
  ].join('\n');
}

export type { StartOptions };
export { parseStartOptions, START_OPTIONS, startUsage };
