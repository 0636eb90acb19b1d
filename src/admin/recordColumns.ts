import { RecordSource, SuppressionReason, SuppressionStatus } from '../domain/constants';
import type { SuppressionRecord } from '../domain/types';
import type { AuditRecord } from './types';

/** The widest value a column can hold, so that rows line up without reading every row first. */
const widest = (values: readonly string[], header: string): number => Math.max(header.length, ...values.map((v) => v.length));

/**
 * `list`'s columns. Every column but the last has a fixed width (its longest possible value, from
 * the constants), and the address, the only unbounded one, comes last: a streamed listing is
 * aligned without knowing its rows in advance.
 */
const COLUMNS = [
  { header: 'STATUS', width: widest(Object.values(SuppressionStatus), 'STATUS'), cell: (r: SuppressionRecord) => r.status },
  { header: 'REASON', width: widest(Object.values(SuppressionReason), 'REASON'), cell: (r: SuppressionRecord) => r.reason },
  { header: 'SOURCE', width: widest(Object.values(RecordSource), 'SOURCE'), cell: (r: SuppressionRecord) => r.source },
  { header: 'LAST EVENT', width: '2026-01-01T00:00:00.000Z'.length, cell: (r: SuppressionRecord) => r.lastEventAt },
  { header: 'EVENTS', width: 'EVENTS'.length, cell: (r: SuppressionRecord) => String(r.eventCount), right: true },
] as const;

/** The header line of a listing (no line break). */
function recordHeader(): string {
  return [...COLUMNS.map((c) => ('right' in c ? c.header.padStart(c.width) : c.header.padEnd(c.width))), 'EMAIL'].join('  ');
}

/** One aligned line of a listing (no line break). */
function recordRow(record: SuppressionRecord): string {
  return [...COLUMNS.map((c) => ('right' in c ? c.cell(record).padStart(c.width) : c.cell(record).padEnd(c.width))), record.email].join('  ');
}

/** The audit trail's reason column: as wide as the longest reason. */
const REASON_WIDTH = widest(Object.values(SuppressionReason), '');

/** One aligned line of the audit trail (no line break): time, action, reason (or an import's summary), address, who, note. */
function auditRow(entry: AuditRecord): string {
  const why = entry.summary ?? entry.reason ?? '-';
  return `${entry.at.padEnd(24)}  ${entry.action.padEnd(6)}  ${why.padEnd(REASON_WIDTH)}  ${entry.address}  by ${entry.actor}${entry.note === undefined ? '' : `  "${entry.note}"`}`;
}

export { auditRow, recordHeader, recordRow };
