import { open, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { csvHeader, csvLine, exportedRecord } from '../../admin/formatRecords';
import { scanRecords } from '../../admin/scanTable';
import { OperationFailedError, UsageError } from '../errors';
import { ExitCode } from '../exitCodes';
import { oneOf, positiveInteger } from '../parseValues';
import type { Command } from '../types';

const FORMATS = ['csv', 'jsonl'] as const;

/** Lines buffered before a write, so that a big table is not written line by line. */
const FLUSH_EVERY = 500;

/** `export`: every record as CSV or JSONL, to a file or stdout, with progress on stderr. */
const exportCommand: Command = {
  name: 'export',
  args: '',
  summary: 'write every suppression record as CSV or JSONL, to a file or stdout',
  details:
    'Progress goes to stderr after every Scan page. The file is created new (use --force to overwrite) and\n' +
    'deleted again if the scan fails. CSV fields that a spreadsheet would run as formulas are prefixed with \'.',
  options: {
    format: { type: 'string', value: '<csv|jsonl>', description: 'output format (default: from the --output extension, else csv)' },
    output: { type: 'string', short: 'o', value: '<file>', description: 'write here instead of stdout' },
    force: { type: 'boolean', description: 'overwrite an existing --output file' },
    quiet: { type: 'boolean', short: 'q', description: 'no progress on stderr' },
    'page-size': { type: 'string', value: '<n>', description: 'items per Scan request (default: DynamoDB\'s 1 MB pages)' },
  },
  async run(context) {
    if (context.positionals.length > 0) throw new UsageError(`export takes no arguments (got ${context.positionals.join(' ')})`, 'export');
    const output = typeof context.values.output === 'string' ? resolve(context.io.cwd, context.values.output) : undefined;
    const fromExtension = output !== undefined && extname(output).slice(1) === 'jsonl' ? 'jsonl' : 'csv';
    const format = context.values.format === undefined ? fromExtension : oneOf(context.values.format, FORMATS, '--format', 'export');
    const pageSize = context.values['page-size'] === undefined ? undefined : positiveInteger(context.values['page-size'], '--page-size', 'export');
    const tableName = context.tableName();
    const quiet = context.values.quiet === true;

    let file: FileHandle | undefined;
    if (output !== undefined) {
      try {
        file = await open(output, context.values.force === true ? 'w' : 'wx');
      } catch (error) {
        const exists = (error as NodeJS.ErrnoException).code === 'EEXIST';
        throw new OperationFailedError(exists ? `${output} exists; use --force to overwrite it` : `cannot write ${output}: ${(error as Error).message}`);
      }
    }
    const write = async (text: string): Promise<void> => {
      if (file !== undefined) await file.write(text);
      else context.io.stdout.write(text);
    };

    let count = 0;
    try {
      let buffer: string[] = format === 'csv' ? [csvHeader()] : [];
      const scan = scanRecords(context.dynamo(), tableName, {
        ...(pageSize === undefined ? {} : { pageSize }),
        onPage: (scanned) => {
          if (!quiet) context.io.stderr.write(`export: ${scanned} items scanned\n`);
        },
      });
      for await (const record of scan) {
        buffer.push(format === 'csv' ? csvLine(record) : JSON.stringify(exportedRecord(record)));
        count++;
        if (buffer.length >= FLUSH_EVERY) {
          await write(`${buffer.join('\n')}\n`);
          buffer = [];
        }
      }
      if (buffer.length > 0) await write(`${buffer.join('\n')}\n`);
      await file?.close();
    } catch (error) {
      if (file !== undefined && output !== undefined) {
        await file.close();
        // A partial export looks complete to whoever opens it: remove it.
        await unlink(output);
      }
      throw error;
    }
    if (!quiet) context.io.stderr.write(`export: ${count} records written to ${output ?? 'stdout'} (${format})\n`);
    return ExitCode.OK;
  },
};

export { exportCommand };
