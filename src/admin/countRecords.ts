import type { SuppressionRecord } from '../domain/types';
import type { TableStats } from './types';

/**
 * Counts records by status, by reason and by both.
 *
 * @example
 * (await countRecords(scanRecords(client, table))).byStatus; // { suppressed: 12, soft: 3 }
 */
async function countRecords(records: AsyncIterable<SuppressionRecord> | Iterable<SuppressionRecord>): Promise<TableStats> {
  const byStatus: Record<string, number> = {};
  const byReason: Record<string, number> = {};
  const byStatusAndReason: Record<string, number> = {};
  let total = 0;
  for await (const { status, reason } of records) {
    total++;
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    byReason[reason] = (byReason[reason] ?? 0) + 1;
    byStatusAndReason[`${status}/${reason}`] = (byStatusAndReason[`${status}/${reason}`] ?? 0) + 1;
  }
  return { total, byStatus, byReason, byStatusAndReason };
}

export { countRecords };
