import type { SuppressionRecord } from '../domain/types';
import { csvField } from './csv';

/**
 * The columns of an export, in order. They are everything `import` needs to restore a record as
 * it was (status, reason, source, details, times, count, the deciding event's rank, the soft-bounce
 * history, the tenants it is suppressed for and the expiry); only the feedback-id sets are left out (see `restoreRecord`).
 */
const EXPORT_COLUMNS = [
  'email',
  'status',
  'reason',
  'source',
  'firstEventAt',
  'lastEventAt',
  'eventCount',
  'bounceType',
  'bounceSubType',
  'dsnStatus',
  'diagnosticCode',
  'complaintFeedbackType',
  'lastMessageId',
  'decisionKey',
  'softBounces',
  'tenants',
  'expiresAt',
] as const satisfies ReadonlyArray<keyof SuppressionRecord>;

/** Separates the entries of `softBounces` and `tenants` in a CSV field (neither holds a space). */
const TIMES_SEPARATOR = ' ';

/** One exported record: the value of each present column. */
type ExportedRecord = Record<string, string | number | readonly string[]>;

/** A column's value as exported: sets as sorted lists (JSON arrays, or space-separated in CSV). */
function exportedValue(value: SuppressionRecord[(typeof EXPORT_COLUMNS)[number]]): string | number | readonly string[] | undefined {
  return value instanceof Set ? [...value].sort() : (value as string | number | undefined);
}

/**
 * A record as exported: the fields operators read, and what a restore needs, without the
 * feedback-id sets.
 *
 * @example
 * JSON.stringify(exportedRecord(record));
 */
function exportedRecord(record: SuppressionRecord): ExportedRecord {
  const row: ExportedRecord = {};
  for (const column of EXPORT_COLUMNS) {
    const value = exportedValue(record[column]);
    // fromItem fills fields a projection left out with '' and 0: they are not exported as values.
    if (value !== undefined && value !== '') row[column] = value;
  }
  return row;
}

/** The CSV header line of an export (no line break). */
function csvHeader(): string {
  return EXPORT_COLUMNS.join(',');
}

/** One CSV line of an export (no line break). */
function csvLine(record: SuppressionRecord): string {
  return EXPORT_COLUMNS.map((column) => {
    const value = exportedValue(record[column]);
    return csvField(Array.isArray(value) ? value.join(TIMES_SEPARATOR) : value);
  }).join(',');
}

export type { ExportedRecord };
export { csvHeader, csvLine, EXPORT_COLUMNS, exportedRecord, TIMES_SEPARATOR };
