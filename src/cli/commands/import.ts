import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { importEvent } from '../../admin/operatorEvent';
import { ImportFormat, parseImport } from '../../admin/parseImport';
import { SuppressionStore } from '../../store/SuppressionStore';
import { OperationFailedError, UsageError } from '../errors';
import { ExitCode } from '../exitCodes';
import { oneOf } from '../parseValues';
import type { Command } from '../types';

/** Bad lines listed before the rest are summarised. */
const MAX_LISTED_ERRORS = 50;

/** `import <file>`: suppressions from CSV or JSONL, all or nothing on validation. */
const importCommand: Command = {
  name: 'import',
  args: '<file>',
  summary: 'suppress the addresses of a CSV or JSONL file',
  details:
    'Fields: email (required), reason (default manual), eventAt or lastEventAt (ISO 8601, default now); others are\n' +
    'ignored, so a file from export imports as it is. CSV needs a header line. Every line is validated first: if any\n' +
    'is bad, they are all listed with their line numbers and nothing is written. Importing a file again changes\n' +
    'nothing (each line is one idempotent event), so an interrupted import is completed by running it again.',
  options: {
    format: { type: 'string', value: '<csv|jsonl>', description: 'file format (default: from the extension, .jsonl or else csv)' },
    'dry-run': { type: 'boolean', description: 'validate only' },
  },
  async run(context) {
    if (context.positionals.length !== 1) throw new UsageError(`import needs exactly one file (got ${context.positionals.length})`, 'import');
    const path = resolve(context.io.cwd, context.positionals[0] as string);
    const format =
      context.values.format === undefined
        ? extname(path).toLowerCase() === '.jsonl' ? ImportFormat.JSONL : ImportFormat.CSV
        : oneOf(context.values.format, Object.values(ImportFormat), '--format', 'import');
    const tableName = context.tableName();
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new OperationFailedError(`cannot read ${path}: ${(error as Error).message}`);
    }

    const { entries, errors } = parseImport(text, format);
    if (errors.length > 0) {
      if (context.json) context.io.stdout.write(`${JSON.stringify({ written: 0, errors }, null, 2)}\n`);
      for (const e of errors.slice(0, MAX_LISTED_ERRORS)) context.io.stderr.write(`${path}:${e.line}: ${e.message}\n`);
      if (errors.length > MAX_LISTED_ERRORS) context.io.stderr.write(`... and ${errors.length - MAX_LISTED_ERRORS} more bad lines\n`);
      throw new OperationFailedError(`${errors.length} bad line(s) in ${path}; nothing was imported`);
    }
    if (context.values['dry-run'] === true) {
      context.io.stdout.write(context.json ? `${JSON.stringify({ valid: entries.length, written: 0 })}\n` : `${entries.length} valid line(s); nothing written (--dry-run)\n`);
      return ExitCode.OK;
    }

    const store = new SuppressionStore({ tableName, client: context.dynamo() });
    const now = new Date().toISOString();
    let applied = 0;
    let duplicates = 0;
    for (const entry of entries) {
      const result = await store.apply(importEvent(entry.email, entry.reason, entry.eventAt, now));
      if (result === 'applied') applied++;
      else duplicates++;
    }
    if (context.json) context.io.stdout.write(`${JSON.stringify({ lines: entries.length, applied, duplicates }, null, 2)}\n`);
    else context.io.stdout.write(`${entries.length} line(s): ${applied} written, ${duplicates} already imported before\n`);
    return ExitCode.OK;
  },
};

export { importCommand };
