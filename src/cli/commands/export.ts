import type { FileHandle } from 'node:fs/promises';
import { open, unlink } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { csvHeader, csvLine, EXPORT_COLUMNS, exportedRecord } from '../../admin/formatRecords';
import { scanRecords } from '../../admin/scanTable';
import { SCAN_OPTIONS, TABLE_OPTIONS } from '../commonOptions';
import { OperationFailedError, UsageError } from '../errors';
import { ExitCode } from '../exitCodes';
import { oneOf, positiveInteger } from '../parseValues';
import { plural } from '../plural';
import { scanSettings } from '../scanSettings';
import type { Command } from '../types';
import { writeOut } from '../writeOut';

const FORMATS = ['csv', 'jsonl', 'json'] as const;
type Format = (typeof FORMATS)[number];

/** Lines buffered before a write, so that a big table is not written line by line. */
const FLUSH_EVERY = 500;

/** `export`: every record as CSV, JSONL or JSON, to a file or stdout, with progress on stderr. */
const exportCommand: Command = {
  name: 'export',
  args: '',
  summary: 'write every suppression record as CSV, JSONL or JSON, to a file or stdout',
  details:
    'A backup: import restores every record of it as it was. The table is read with a parallel Scan and written as it\n' +
    'arrives (no particular order, constant memory). --json is --format json: one JSON array, written element by element.\n' +
    'Progress shows on stderr when it is a terminal, and a summary line at the end. The file is created new (use --force\n' +
    'to overwrite) and deleted again if the scan fails. CSV fields that a spreadsheet would run as formulas are\n' +
    "prefixed with ' (import removes it again).",
  options: {
    format: { type: 'string', value: '<csv|jsonl|json>', description: 'output format (default: from the --output extension, else csv)' },
    output: { type: 'string', short: 'o', value: '<file>', description: 'write here instead of stdout' },
    force: { type: 'boolean', description: 'overwrite an existing --output file' },
    quiet: { type: 'boolean', short: 'q', description: 'nothing on stderr, not even the summary' },
    'page-size': { type: 'string', value: '<n>', description: "items per Scan request (default: DynamoDB's 1 MB pages)" },
    ...SCAN_OPTIONS,
    ...TABLE_OPTIONS,
  },
  async run(context) {
    if (context.positionals.length > 0) throw new UsageError(`export takes no arguments (got ${context.positionals.join(' ')})`, 'export');
    const output = typeof context.values.output === 'string' ? resolve(context.io.cwd, context.values.output) : undefined;
    const format = formatOf(context.values.format, context.json, output);
    const pageSize = context.values['page-size'] === undefined ? undefined : positiveInteger(context.values['page-size'], '--page-size', 'export');
    const tableName = context.tableName();
    const settings = scanSettings(context, 'export', { quiet: context.values.quiet === true, ...(pageSize === undefined ? {} : { pageSize }) });

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
      else await writeOut(context.io.stdout, text);
    };

    let count = 0;
    try {
      let buffer: string[] = format === 'csv' ? [csvHeader()] : [];
      let flushed = 0;
      const flush = async (last: boolean): Promise<void> => {
        if (format === 'json') {
          // One array, written in pieces: '[' before the first element, ',' between, ']' at the end.
          const body = buffer.length === 0 ? '' : `${flushed === 0 ? '[\n' : ',\n'}${buffer.join(',\n')}`;
          const tail = !last ? '' : flushed + buffer.length === 0 ? '[]\n' : '\n]\n';
          await write(body + tail);
        } else if (buffer.length > 0) await write(`${buffer.join('\n')}\n`);
        flushed += buffer.length;
        buffer = [];
      };
      const scan = scanRecords(context.dynamo(), tableName, { ...settings.scan, fields: EXPORT_COLUMNS.filter((c) => c !== 'email') });
      for await (const record of scan) {
        buffer.push(format === 'csv' ? csvLine(record) : JSON.stringify(exportedRecord(record)));
        count++;
        if (buffer.length >= FLUSH_EVERY) await flush(false);
      }
      await flush(true);
      await file?.close();
    } catch (error) {
      if (file !== undefined && output !== undefined) {
        await file.close();
        // A partial export looks complete to whoever opens it: remove it.
        await unlink(output);
      }
      throw error;
    }
    settings.finish(`${plural(count, 'record')} written to ${output ?? 'stdout'} (${format})`);
    return ExitCode.OK;
  },
};

function formatOf(value: unknown, json: boolean, output: string | undefined): Format {
  if (json) {
    if (value !== undefined && value !== 'json') throw new UsageError(`--json writes JSON; it contradicts --format ${String(value)}`, 'export');
    return 'json';
  }
  if (value !== undefined) return oneOf(value, FORMATS, '--format', 'export');
  const extension = output === undefined ? '' : extname(output).slice(1).toLowerCase();
  return extension === 'jsonl' || extension === 'json' ? extension : 'csv';
}

export { exportCommand };
