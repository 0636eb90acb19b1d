import type { SuppressionRecord } from '../domain/types';
import { csvField } from './csv';

/** The columns of an export, in order; `import` reads `email`, `reason` and `lastEventAt` back. */
const EXPORT_COLUMNS = [
  'email',
  'status',
  'reason',
  'origin',
  'firstEventAt',
  'lastEventAt',
  'eventCount',
  'bounceType',
  'bounceSubType',
  'dsnStatus',
  'diagnosticCode',
  'complaintFeedbackType',
  'lastMessageId',
] as const satisfies ReadonlyArray<keyof SuppressionRecord>;

/**
 * A record as exported: the fields operators read, without the bookkeeping (feedback ids,
 * decision key).
 *
 * @example
 * JSON.stringify(exportedRecord(record));
 */
function exportedRecord(record: SuppressionRecord): Record<string, string | number> {
  const row: Record<string, string | number> = {};
  for (const column of EXPORT_COLUMNS) {
    const value = record[column];
    if (value !== undefined) row[column] = value;
  }
  return row;
}

/** The CSV header line of an export (no line break). */
function csvHeader(): string {
  return EXPORT_COLUMNS.join(',');
}

/** One CSV line of an export (no line break). */
function csvLine(record: SuppressionRecord): string {
  return EXPORT_COLUMNS.map((column) => csvField(record[column])).join(',');
}

export { EXPORT_COLUMNS, csvHeader, csvLine, exportedRecord };
