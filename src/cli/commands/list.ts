import { exportedRecord } from '../../admin/formatRecords';
import { auditRow, recordHeader, recordRow } from '../../admin/recordColumns';
import { scanAudit, scanRecords } from '../../admin/scanTable';
import { smallestN } from '../../admin/smallestN';
import { SuppressionReason, SuppressionStatus } from '../../domain/constants';
import { DETAIL_FIELDS } from '../../domain/planWrite';
import { SCAN_OPTIONS, TABLE_OPTIONS } from '../commonOptions';
import { UsageError } from '../errors';
import { ExitCode } from '../exitCodes';
import { oneOf, positiveInteger } from '../parseValues';
import { plural } from '../plural';
import { scanSettings } from '../scanSettings';
import type { Command, Output } from '../types';
import { writeOut } from '../writeOut';

/**
 * The largest `--sort --limit`: the kept rows are the command's whole memory (about 1 KB each), so
 * this keeps it near 100 MB. Larger sorted listings: export, then sort the file.
 */
const MAX_SORTED = 100_000;

/** `list`: the table's records (or its audit trail), streamed one per line. */
const list: Command = {
  name: 'list',
  args: '',
  summary: 'list the suppression records (or, with --audit, the audit trail)',
  details:
    'Records are streamed as the parallel Scan finds them, in no particular order, with constant memory; --status and\n' +
    '--reason are filtered by DynamoDB. --limit n stops after the first n the scan finds (reading only the pages it\n' +
    `needs). --sort --limit n lists the first n by address (audit: the oldest n) instead: it reads the whole table but\n` +
    `keeps only n rows (n at most ${MAX_SORTED.toLocaleString('en-US')}). --json writes one JSON array, streamed.`,
  options: {
    status: { type: 'string', value: '<status>', description: `only records of this status (${Object.values(SuppressionStatus).join(', ')})` },
    reason: { type: 'string', value: '<reason>', description: `only records of this reason (${Object.values(SuppressionReason).join(', ')})` },
    limit: { type: 'string', value: '<n>', description: 'at most n records: the first n found, or with --sort the first n by address' },
    sort: { type: 'boolean', description: 'sort by address (audit: by time); needs --limit' },
    audit: { type: 'boolean', description: 'list the audit trail (removals and manual additions) instead' },
    ...SCAN_OPTIONS,
    ...TABLE_OPTIONS,
  },
  async run(context) {
    if (context.positionals.length > 0) throw new UsageError(`list takes no arguments (got ${context.positionals.join(' ')})`, 'list');
    const status = context.values.status === undefined ? undefined : oneOf(context.values.status, Object.values(SuppressionStatus), '--status', 'list');
    const reason = context.values.reason === undefined ? undefined : oneOf(context.values.reason, Object.values(SuppressionReason), '--reason', 'list');
    const limit = context.values.limit === undefined ? undefined : positiveInteger(context.values.limit, '--limit', 'list');
    const sort = context.values.sort === true;
    if (sort && limit === undefined)
      throw new UsageError('--sort needs --limit <n>: sorting a whole table in memory does not scale (export it and sort the file)', 'list');
    if (sort && (limit as number) > MAX_SORTED) throw new UsageError(`--sort --limit must be at most ${MAX_SORTED} (got ${limit})`, 'list');
    const audit = context.values.audit === true;
    if (audit && (status !== undefined || reason !== undefined)) throw new UsageError('--status and --reason do not apply to --audit', 'list');
    const settings = scanSettings(context, 'list');
    const dynamo = context.dynamo();
    const tableName = context.tableName();
    const out = streamedOutput(context.io.stdout, context.json);

    let shown = 0;
    if (audit) {
      const entries = scanAudit(dynamo, tableName, settings.scan);
      const rows = sort ? await smallestN(entries, limit as number, (e) => e.key) : entries;
      for await (const entry of rows) {
        await out.row(entry, () => auditRow(entry));
        if (++shown === limit) break;
      }
    } else {
      const records = scanRecords(dynamo, tableName, {
        ...settings.scan,
        ...(status === undefined ? {} : { status }),
        ...(reason === undefined ? {} : { reason }),
        fields: [...DETAIL_FIELDS, 'firstEventAt', 'lastEventAt', 'eventCount', 'lastMessageId'],
      });
      const rows = sort ? await smallestN(records, limit as number, (r) => r.email) : records;
      if (!context.json) await out.text(recordHeader());
      for await (const record of rows) {
        await out.row(exportedRecord(record), () => recordRow(record));
        if (++shown === limit) break;
      }
    }
    await out.end();
    settings.finish(`${plural(shown, audit ? 'audit record' : 'record')} listed`);
    return ExitCode.OK;
  },
};

/** Writes rows as text lines, or as one JSON array written element by element (never held whole). */
function streamedOutput(
  stdout: Output,
  json: boolean,
): { row(value: unknown, text: () => string): Promise<void>; text(line: string): Promise<void>; end(): Promise<void> } {
  let count = 0;
  return {
    async row(value, text) {
      const chunk = json ? `${count === 0 ? '[\n' : ',\n'}${JSON.stringify(value)}` : `${text()}\n`;
      count++;
      await writeOut(stdout, chunk);
    },
    text: (line) => writeOut(stdout, `${line}\n`),
    async end() {
      if (json) await writeOut(stdout, count === 0 ? '[]\n' : '\n]\n');
    },
  };
}

export { list };
