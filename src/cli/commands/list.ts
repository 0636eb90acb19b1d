import { exportedRecord } from '../../admin/formatRecords';
import { scanAudit, scanRecords } from '../../admin/scanTable';
import type { AuditRecord } from '../../admin/types';
import { SuppressionReason, SuppressionStatus } from '../../domain/constants';
import type { SuppressionRecord } from '../../domain/types';
import { UsageError } from '../errors';
import { ExitCode } from '../exitCodes';
import { positiveInteger } from '../parseValues';
import type { Command } from '../types';

/** `list`: the table's records (or its audit trail), one per line. */
const list: Command = {
  name: 'list',
  args: '',
  summary: 'list the suppression records (or, with --audit, the audit trail)',
  details: 'For a whole table in a file, use export.',
  options: {
    status: { type: 'string', value: '<status>', description: `only records of this status (${Object.values(SuppressionStatus).join(', ')})` },
    reason: { type: 'string', value: '<reason>', description: `only records of this reason (${Object.values(SuppressionReason).join(', ')})` },
    limit: { type: 'string', value: '<n>', description: 'stop after n records' },
    audit: { type: 'boolean', description: 'list the audit trail (removals and manual additions) instead, oldest first' },
  },
  async run(context) {
    if (context.positionals.length > 0) throw new UsageError(`list takes no arguments (got ${context.positionals.join(' ')})`, 'list');
    const { status, reason } = context.values;
    if (status !== undefined && !(Object.values(SuppressionStatus) as unknown[]).includes(status)) {
      throw new UsageError(`--status must be one of ${Object.values(SuppressionStatus).join(', ')}`, 'list');
    }
    if (reason !== undefined && !(Object.values(SuppressionReason) as unknown[]).includes(reason)) {
      throw new UsageError(`--reason must be one of ${Object.values(SuppressionReason).join(', ')}`, 'list');
    }
    const limit = context.values.limit === undefined ? Number.POSITIVE_INFINITY : positiveInteger(context.values.limit, '--limit', 'list');

    if (context.values.audit === true) {
      const entries: AuditRecord[] = [];
      for await (const entry of scanAudit(context.dynamo(), context.tableName())) entries.push(entry);
      entries.sort((a, b) => a.key.localeCompare(b.key));
      const shown = entries.slice(0, limit);
      if (context.json) context.io.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
      else for (const e of shown) context.io.stdout.write(`${e.at}  ${e.action.padEnd(6)}  ${e.address}  by ${e.actor}${e.note === undefined ? '' : `  "${e.note}"`}\n`);
      return ExitCode.OK;
    }

    const records: SuppressionRecord[] = [];
    for await (const record of scanRecords(context.dynamo(), context.tableName())) {
      if ((status === undefined || record.status === status) && (reason === undefined || record.reason === reason)) records.push(record);
      if (records.length >= limit) break;
    }
    records.sort((a, b) => a.email.localeCompare(b.email));
    if (context.json) context.io.stdout.write(`${JSON.stringify(records.map(exportedRecord), null, 2)}\n`);
    else {
      for (const r of records) {
        context.io.stdout.write(`${r.email}  ${r.status}  ${r.reason}  ${r.origin}  last ${r.lastEventAt}  events ${r.eventCount}\n`);
      }
      context.io.stderr.write(`${records.length} record(s)\n`);
    }
    return ExitCode.OK;
  },
};

export { list };
