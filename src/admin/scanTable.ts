import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SuppressionReason, SuppressionStatus } from '../domain/constants';
import type { SuppressionRecord } from '../domain/types';
import { AuditAttr, auditScanFilter, fromItem, PARTITION_KEY, RECORD_ATTRIBUTES, recordOf, recordScanFilter } from '../store/suppressionSchema';
import type { ParallelScanOptions, ScanRequest } from './parallelScan';
import { parallelScan } from './parallelScan';
import type { AuditRecord } from './types';

/** Options of {@link scanRecords}. */
interface ScanRecordsOptions extends ParallelScanOptions {
  /** Only records of this status (filtered by DynamoDB). */
  readonly status?: SuppressionStatus;
  /** Only records of this reason (filtered by DynamoDB). */
  readonly reason?: SuppressionReason;
  /**
   * The record fields to read; the others come back empty (`fromItem`'s defaults). Fewer fields
   * mean smaller responses: the feedback-id sets alone can be most of an item.
   * @default - every field
   */
  readonly fields?: ReadonlyArray<Exclude<keyof SuppressionRecord, 'email'>>;
}

/**
 * Every suppression record of the table (audit records and release markers skipped), read with a parallel Scan whose
 * filter and projection DynamoDB applies: audit records, other statuses and reasons, and unread
 * fields never cross the network.
 *
 * @example
 * for await (const record of scanRecords(client, 'SuppressionTable', { status: 'suppressed', fields: ['reason'] })) console.log(record.email);
 * @throws StoreUnavailableError when a page cannot be read (missing table, network)
 */
async function* scanRecords(client: DynamoDBDocumentClient, tableName: string, options: ScanRecordsOptions = {}): AsyncGenerator<SuppressionRecord> {
  const records = recordScanFilter();
  // DynamoDB refuses a name no expression uses: `#key` is added with the projection that reads it.
  const names: Record<string, string> = { ...records.names };
  const values: Record<string, unknown> = { ...records.values };
  const filters = [records.expression];
  if (options.status !== undefined) {
    names['#status'] = RECORD_ATTRIBUTES.status;
    values[':status'] = options.status;
    filters.push('#status = :status');
  }
  if (options.reason !== undefined) {
    names['#reason'] = RECORD_ATTRIBUTES.reason;
    values[':reason'] = options.reason;
    filters.push('#reason = :reason');
  }
  let projection: string | undefined;
  if (options.fields !== undefined) {
    const attrs = options.fields.map((field) => RECORD_ATTRIBUTES[field]);
    names['#key'] = PARTITION_KEY;
    for (const [i, attr] of attrs.entries()) names[`#p${i}`] = attr;
    projection = ['#key', ...attrs.map((_attr, i) => `#p${i}`)].join(', ');
  }
  const statusRead = options.fields === undefined || options.fields.includes('status');
  const request: ScanRequest = {
    FilterExpression: filters.join(' AND '),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ...(projection === undefined ? {} : { ProjectionExpression: projection }),
  };
  for await (const item of parallelScan(client, tableName, request, options)) {
    // The filter left audit records and release markers out; recordOf reads a partial item (a
    // projection without the status would make every record look like one).
    const record = statusRead ? recordOf(item) : fromItem(item);
    if (record !== undefined) yield record;
  }
}

/**
 * Every audit record of the table, in no particular order (DynamoDB filters out the addresses).
 *
 * @example
 * for await (const entry of scanAudit(client, 'SuppressionTable')) console.log(entry.at, entry.action, entry.address);
 */
async function* scanAudit(
  client: DynamoDBDocumentClient,
  tableName: string,
  options: ParallelScanOptions & { readonly address?: string } = {},
): AsyncGenerator<AuditRecord> {
  const audit = auditScanFilter();
  const names: Record<string, string> = { ...audit.names };
  const values: Record<string, unknown> = { ...audit.values };
  let expression = audit.expression;
  if (options.address !== undefined) {
    names['#auditAddress'] = AuditAttr.ADDRESS;
    values[':auditAddress'] = options.address;
    expression = `(${expression}) AND #auditAddress = :auditAddress`;
  }
  const request: ScanRequest = { FilterExpression: expression, ExpressionAttributeNames: names, ExpressionAttributeValues: values };
  for await (const item of parallelScan(client, tableName, request, options)) {
    const text = (attr: string): string => (typeof item[attr] === 'string' ? (item[attr] as string) : '');
    const itemBefore = item[AuditAttr.ITEM_BEFORE] === undefined ? undefined : (JSON.parse(text(AuditAttr.ITEM_BEFORE)) as Record<string, unknown>);
    const reason = item[AuditAttr.REASON] !== undefined ? text(AuditAttr.REASON) : typeof itemBefore?.reason === 'string' ? itemBefore.reason : undefined;
    yield {
      key: String(item[PARTITION_KEY]),
      action: text(AuditAttr.ACTION),
      address: text(AuditAttr.ADDRESS),
      actor: text(AuditAttr.ACTOR),
      at: text(AuditAttr.AT),
      ...(item[AuditAttr.NOTE] === undefined ? {} : { note: text(AuditAttr.NOTE) }),
      ...(reason === undefined ? {} : { reason }),
      ...(item[AuditAttr.SUMMARY] === undefined ? {} : { summary: text(AuditAttr.SUMMARY) }),
      ...(itemBefore === undefined ? {} : { itemBefore }),
    };
  }
}

export type { ScanRecordsOptions };
export { scanAudit, scanRecords };
