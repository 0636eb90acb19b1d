import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SuppressionPolicy } from '../domain/policy';
import type { ExitCode } from './exitCodes';

/** Where the CLI writes: `process.stdout`/`process.stderr`, or buffers in tests. */
interface Output {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** Everything the CLI takes from its process, injectable so that tests can run it in-process. */
interface CliIo {
  readonly stdout: Output;
  readonly stderr: Output;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Relative file paths are resolved against it. */
  readonly cwd: string;
}

/** One option of a command, as `node:util` `parseArgs` takes it, plus its help line. */
interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly description: string;
  /** Shown in help, e.g. `<file>`. */
  readonly value?: string;
}

type OptionValues = Record<string, string | boolean | undefined>;

/** The settings every AWS client of the CLI is made with (region, endpoint, credentials, timeouts). */
interface ClientSettings {
  readonly region?: string | (() => Promise<string>);
  readonly endpoint?: string;
  readonly credentials?: () => Promise<{ readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string }>;
  readonly requestHandler: { readonly connectionTimeout: number; readonly requestTimeout: number; readonly throwOnRequestTimeout: true };
}

/** What a command gets to run with; clients are made on first use. */
interface CommandContext {
  readonly io: CliIo;
  readonly json: boolean;
  readonly values: OptionValues;
  readonly positionals: readonly string[];
  /** The table from `--table` or `SUPPRESSION_TABLE`; a usage error when neither is set. */
  tableName(): string;
  dynamo(): DynamoDBDocumentClient;
  ses(): SESv2Client;
  /** Settings for another AWS client, with the endpoint of the given option if it is set. */
  clientSettings(endpointOption?: string): ClientSettings;
  /** `--actor`, or the OS user. */
  actor(): string;
  /** Where the table is, for error messages. */
  describeTarget(): string;
  /** A policy resolved already (the console's, read once at its start): used instead of `--function`/`--default-policy`. */
  readonly policy?: SuppressionPolicy;
}

/** One CLI command. */
interface Command {
  readonly name: string;
  /** `<address...>` and the like, for the usage line. */
  readonly args: string;
  readonly summary: string;
  /** Further help paragraphs. */
  readonly details?: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  run(context: CommandContext): Promise<ExitCode>;
}

export type { ClientSettings, CliIo, Command, CommandContext, OptionSpec, OptionValues, Output };
