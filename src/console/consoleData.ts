import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { countRecords } from '../admin/countRecords';
import { scanAudit, scanRecords } from '../admin/scanTable';
import type { AuditRecord, TableStats } from '../admin/types';
import { normalizeAddress } from '../domain/address';
import { SuppressionStatus } from '../domain/constants';
import type { SuppressionRecord } from '../domain/types';
import { SuppressionStore } from '../store/SuppressionStore';
import { CHART_DAYS, lastDays } from './dailyChart';

/** Records the overview lists as the latest suppressions. */
const RECENT = 15;

/** What the console shows of an address. */
type Lookup =
  | { readonly kind: 'invalid'; readonly query: string }
  | { readonly kind: 'found'; readonly query: string; readonly email: string; readonly record?: SuppressionRecord; readonly audit: readonly AuditRecord[] };

/** The overview page's numbers, from one Scan. */
interface Overview {
  readonly stats: TableStats;
  /** Suppressed records by the UTC day of their first event, over the chart's days. */
  readonly perDay: Readonly<Record<string, number>>;
  /** The latest records by last event, newest first. */
  readonly recent: readonly SuppressionRecord[];
}

/** Reads for the console; every write goes through the CLI's commands (see `consoleCommands`). */
class ConsoleData {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * An address in any form (display name, case) as the table keys it, its record, and its audit
   * history oldest first. The audit trail is keyed by time, so finding an address's entries reads
   * the audit records (DynamoDB filters out the addresses).
   */
  async lookup(query: string): Promise<Lookup> {
    const email = normalizeAddress(query);
    if (email === undefined) return { kind: 'invalid', query };
    const [record, audit] = await Promise.all([new SuppressionStore({ tableName: this.tableName, client: this.client }).get(email), this.auditOf(email)]);
    return { kind: 'found', query, email, audit, ...(record === undefined ? {} : { record }) };
  }

  /** Counts by status and reason, suppressions per day, and the latest records. */
  async overview(now: Date = new Date()): Promise<Overview> {
    const days = new Set(lastDays(now, CHART_DAYS));
    const perDay: Record<string, number> = {};
    const recent: SuppressionRecord[] = [];
    const records = scanRecords(this.client, this.tableName, { fields: ['status', 'reason', 'source', 'firstEventAt', 'lastEventAt'] });
    async function* tap(): AsyncGenerator<SuppressionRecord> {
      for await (const record of records) {
        const day = record.firstEventAt.slice(0, 10);
        if (record.status === SuppressionStatus.SUPPRESSED && days.has(day)) perDay[day] = (perDay[day] ?? 0) + 1;
        keepLatest(recent, record);
        yield record;
      }
    }
    const stats = await countRecords(tap());
    return { stats, perDay, recent };
  }

  private async auditOf(email: string): Promise<AuditRecord[]> {
    const entries: AuditRecord[] = [];
    for await (const entry of scanAudit(this.client, this.tableName)) if (entry.address === email) entries.push(entry);
    return entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}

/** Keeps the {@link RECENT} latest records by last event, newest first (a short sorted list). */
function keepLatest(recent: SuppressionRecord[], record: SuppressionRecord): void {
  if (recent.length === RECENT && (recent[RECENT - 1] as SuppressionRecord).lastEventAt >= record.lastEventAt) return;
  const at = recent.findIndex((r) => r.lastEventAt < record.lastEventAt);
  recent.splice(at === -1 ? recent.length : at, 0, record);
  if (recent.length > RECENT) recent.pop();
}

export type { Lookup, Overview };
export { ConsoleData };
