import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { StoreUnavailableError } from '../domain/errors';
import type { SuppressionRecord } from '../domain/types';
import { AuditAttr, PARTITION_KEY, fromItem, isAuditKey } from '../store/suppressionSchema';
import type { Item } from '../store/suppressionSchema';
import type { AuditRecord } from './types';

/** Options of {@link scanRecords} and {@link scanAudit}. */
interface ScanOptions {
  /**
   * Items per Scan page (DynamoDB's `Limit`).
   * @default - DynamoDB's 1 MB pages
   */
  readonly pageSize?: number;
  /** Called after every page with the number of items scanned so far (for a progress indicator). */
  readonly onPage?: (scanned: number) => void;
}

/**
 * Every suppression record of the table (audit records skipped), page by page.
 *
 * @example
 * for await (const record of scanRecords(client, 'SuppressionTable')) console.log(record.email);
 * @throws StoreUnavailableError when a page cannot be read (missing table, network)
 */
async function* scanRecords(client: DynamoDBDocumentClient, tableName: string, options: ScanOptions = {}): AsyncGenerator<SuppressionRecord> {
  for await (const item of scanItems(client, tableName, options)) {
    if (!isAuditKey(item[PARTITION_KEY])) yield fromItem(item);
  }
}

/**
 * Every audit record of the table, in no particular order.
 *
 * @example
 * for await (const entry of scanAudit(client, 'SuppressionTable')) console.log(entry.at, entry.action, entry.address);
 */
async function* scanAudit(client: DynamoDBDocumentClient, tableName: string, options: ScanOptions = {}): AsyncGenerator<AuditRecord> {
  for await (const item of scanItems(client, tableName, options)) {
    if (!isAuditKey(item[PARTITION_KEY])) continue;
    const text = (attr: string): string => (typeof item[attr] === 'string' ? (item[attr] as string) : '');
    yield {
      key: String(item[PARTITION_KEY]),
      action: text(AuditAttr.ACTION),
      address: text(AuditAttr.ADDRESS),
      actor: text(AuditAttr.ACTOR),
      at: text(AuditAttr.AT),
      ...(item[AuditAttr.NOTE] === undefined ? {} : { note: text(AuditAttr.NOTE) }),
      ...(item[AuditAttr.ITEM_BEFORE] === undefined ? {} : { itemBefore: JSON.parse(text(AuditAttr.ITEM_BEFORE)) as Record<string, unknown> }),
    };
  }
}

async function* scanItems(client: DynamoDBDocumentClient, tableName: string, options: ScanOptions): AsyncGenerator<Item> {
  let scanned = 0;
  let ExclusiveStartKey: Item | undefined;
  do {
    let page;
    try {
      page = await client.send(
        new ScanCommand({ TableName: tableName, ExclusiveStartKey, ...(options.pageSize === undefined ? {} : { Limit: options.pageSize }) }),
      );
    } catch (error) {
      throw new StoreUnavailableError(`Scan on ${tableName} failed: ${describe(error)}`, { cause: error });
    }
    scanned += page.Items?.length ?? 0;
    options.onPage?.(scanned);
    yield* page.Items ?? [];
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey !== undefined);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export { scanAudit, scanRecords };
export type { ScanOptions };
