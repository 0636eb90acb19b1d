import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { add } from '../cli/commands/add';
import { exportCommand } from '../cli/commands/export';
import { importCommand } from '../cli/commands/import';
import { remove } from '../cli/commands/remove';
import { createContext } from '../cli/context';
import type { Command, OptionValues } from '../cli/types';
import { BounceGuardError } from '../domain/errors';
import type { SuppressionPolicy } from '../domain/policy';
import { describeError } from '../util/describeError';

/** What one command printed (its text output, as on a terminal), and whether it succeeded (exit code 0). */
interface CommandResult {
  readonly ok: boolean;
  readonly stdout: string;
  /** stderr, or the error's message. */
  readonly messages: string;
}

/** Where the commands run: the console's table, client and operator. */
interface CommandTarget {
  readonly tableName: string;
  readonly client: DynamoDBDocumentClient;
  readonly actor: string;
  /** The policy of the console's writes (add, import), resolved once when it started. */
  readonly policy: SuppressionPolicy;
}

/** The file formats import and export take. */
const FILE_FORMATS = ['csv', 'jsonl', 'json'] as const;
type FileFormat = (typeof FILE_FORMATS)[number];

/**
 * The console's writes, made by the CLI's own commands (`add`, `remove`, `import`, `export`) with
 * the console's client: what they write, validate and audit is exactly what the CLI does, because
 * it is the same code. Their output is captured instead of printed.
 */
class ConsoleCommands {
  constructor(private readonly target: CommandTarget) {}

  add(address: string, reason: string, note: string): Promise<CommandResult> {
    return this.run(add, [address], { reason, note });
  }

  remove(address: string, note: string): Promise<CommandResult> {
    return this.run(remove, [address], { note });
  }

  /** Imports a file's text: written to a private temporary folder for the command, then deleted. */
  async import(text: string, format: FileFormat, note: string, dryRun: boolean): Promise<CommandResult> {
    const folder = await mkdtemp(join(tmpdir(), 'sbg-console-'));
    try {
      const path = join(folder, `import.${format}`);
      await writeFile(path, text, { mode: 0o600 });
      // `note` is for the audit trail of an import that writes one; earlier commands ignore it.
      return await this.run(importCommand, [path], { format, note, ...(dryRun ? { 'dry-run': true } : {}) });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  /**
   * Exports the table into a temporary file and returns a stream of it; the folder is deleted when
   * the stream closes (or at once, when the export failed).
   */
  async export(format: FileFormat): Promise<{ result: CommandResult; stream?: Readable }> {
    const folder = await mkdtemp(join(tmpdir(), 'sbg-console-'));
    const path = join(folder, `export.${format}`);
    const result = await this.run(exportCommand, [], { format, output: path, quiet: true });
    if (!result.ok) {
      await rm(folder, { recursive: true, force: true });
      return { result };
    }
    const stream = createReadStream(path);
    stream.once('close', () => void rm(folder, { recursive: true, force: true }));
    return { result, stream };
  }

  private async run(command: Command, positionals: readonly string[], values: OptionValues): Promise<CommandResult> {
    let stdout = '';
    let stderr = '';
    const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: {}, cwd: tmpdir() };
    const { tableName, client, actor, policy } = this.target;
    const context = {
      policy,
      ...createContext(command.name, io, { ...values, actor }, positionals),
      tableName: () => tableName,
      dynamo: () => client,
      actor: () => actor,
    };
    try {
      const code = await command.run(context);
      return { ok: code === 0, stdout, messages: stderr.trim() };
    } catch (error) {
      const message = error instanceof BounceGuardError ? error.message : `unexpected ${describeError(error)}`;
      return { ok: false, stdout, messages: [stderr.trim(), message].filter((m) => m !== '').join('\n') };
    }
  }
}

export type { CommandResult, CommandTarget, FileFormat };
export { ConsoleCommands, FILE_FORMATS };
