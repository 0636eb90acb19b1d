import { exportedRecord } from '../../admin/formatRecords';
import { auditRow, recordHeader, recordRow } from '../../admin/recordColumns';
import { scanAudit, scanRecords } from '../../admin/scanTable';
import { smallestN } from '../../admin/smallestN';
import { SuppressionReason, SuppressionStatus } from '../../domain/constants';
import { DETAIL_FIELDS } from '../../domain/planWrite';
import { SCAN_OPTIONS, TABLE_OPTIONS } from '../commonOptions';
import { OperationFailedError, UsageError } from '../errors';
import { ExitCode } from '../exitCodes';
import { oneOf, positiveInteger, singleAddress } from '../parseValues';
import { plural } from '../plural';
import { scanSettings } from '../scanSettings';
import type { Command, Output } from '../types';
import { writeOut } from '../writeOut';

/**
 * The most rows `list` sorts in memory (`--sort`, and the audit trail, always listed in time order):
 * the kept rows are the command's whole memory (about 1 KB each), so this keeps it near 100 MB.
 * Larger sorted listings: `--limit`, or export and sort the file.
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
    'needs). --sort lists by address instead: it reads the whole table and keeps at most the rows it prints (--limit n:\n' +
    `the first n; without it every record, refused above ${MAX_SORTED.toLocaleString('en-US')}). --audit lists the audit trail oldest first\n` +
    "(time, action, reason, address, who, note), --address only one address's. --json writes one JSON array, streamed.",
  options: {
    status: { type: 'string', value: '<status>', description: `only records of this status (${Object.values(SuppressionStatus).join(', ')})` },
    reason: { type: 'string', value: '<reason>', description: `only records of this reason (${Object.values(SuppressionReason).join(', ')})` },
    limit: { type: 'string', value: '<n>', description: 'at most n records: the first n found, or with --sort the first n by address' },
    sort: { type: 'boolean', description: `sort by address (without --limit: tables of up to ${MAX_SORTED.toLocaleString('en-US')} records)` },
    audit: { type: 'boolean', description: 'list the audit trail (removals, manual additions, imports), oldest first' },
    address: { type: 'string', value: '<address>', description: "with --audit: only this address's entries" },
    ...SCAN_OPTIONS,
    ...TABLE_OPTIONS,
  },
  async run(context) {
    if (context.positionals.length > 0) throw new UsageError(`list takes no arguments (got ${context.positionals.join(' ')})`, 'list');
    const status = context.values.status === undefined ? undefined : oneOf(context.values.status, Object.values(SuppressionStatus), '--status', 'list');
    const reason = context.values.reason === undefined ? undefined : oneOf(context.values.reason, Object.values(SuppressionReason), '--reason', 'list');
    const limit = context.values.limit === undefined ? undefined : positiveInteger(context.values.limit, '--limit', 'list');
    const sort = context.values.sort === true;
    if (sort && limit !== undefined && limit > MAX_SORTED) throw new UsageError(`--sort --limit must be at most ${MAX_SORTED} (got ${limit})`, 'list');
    const audit = context.values.audit === true;
    if (audit && (status !== undefined || reason !== undefined)) throw new UsageError('--status and --reason do not apply to --audit', 'list');
    if (!audit && context.values.address !== undefined) throw new UsageError('--address applies to --audit only (for a record: check <address>)', 'list');
    const address = context.values.address === undefined ? undefined : singleAddress([String(context.values.address)], 'list');
    const settings = scanSettings(context, 'list');
    const dynamo = context.dynamo();
    const tableName = context.tableName();
    const out = streamedOutput(context.io.stdout, context.json);
    // Rows kept in memory when sorting: the limit, or one more than the bound to tell "too many".
    const keep = limit ?? MAX_SORTED + 1;
    const bounded = <T>(rows: T[]): T[] => {
      if (limit === undefined && rows.length > MAX_SORTED) {
        throw new OperationFailedError(
          `more than ${MAX_SORTED.toLocaleString('en-US')} ${audit ? 'audit records' : 'records'} to sort in memory: pass --limit <n>, or export and sort the file; nothing listed`,
        );
      }
      return rows;
    };

    let shown = 0;
    if (audit) {
      // Time order: audit keys are audit#<ISO time>#<id>. Sorted before anything is printed, so a
      // failed scan or a trail over the bound prints nothing.
      const entries = scanAudit(dynamo, tableName, { ...settings.scan, ...(address === undefined ? {} : { address }) });
      for (const entry of bounded(await smallestN(entries, keep, (e) => e.key))) {
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
      const rows = sort ? bounded(await smallestN(records, keep, (r) => r.email)) : records;
      // The header goes out with the first row (or at the end): an error before any row prints nothing.
      const header = async (): Promise<void> => {
        if (shown === 0 && !context.json) await out.text(recordHeader());
      };
      for await (const record of rows) {
        await header();
        await out.row(exportedRecord(record), () => recordRow(record));
        if (++shown === limit) break;
      }
      await header();
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
