import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { localDocumentClient } from './table';

/** BatchWriteItem's most items per request. */
const BATCH = 25;

/**
 * Writes `count` suppression items straight into a table, 25 per `BatchWriteItem` (a fast seed for
 * scan tests; items look like the store's, addresses `user<n>@<domain>`). Returns their addresses.
 */
async function writeBulkItems(tableName: string, count: number, options: { domain?: string; client?: DynamoDBDocumentClient } = {}): Promise<string[]> {
  const client = options.client ?? localDocumentClient();
  const emails = Array.from({ length: count }, (_, i) => `user${i}@${options.domain ?? 'bulk.example.com'}`);
  for (let i = 0; i < emails.length; i += BATCH) {
    let requests = emails.slice(i, i + BATCH).map((email, j) => ({
      PutRequest: {
        Item: {
          email,
          status: (i + j) % 5 === 0 ? 'soft' : 'suppressed',
          reason: (i + j) % 5 === 0 ? 'transient_bounce' : (i + j) % 3 === 0 ? 'complaint' : 'bounce',
          source: 'ses-event-publishing',
          firstEventAt: '2026-01-01T00:00:00.000Z',
          lastEventAt: '2026-01-01T00:00:00.000Z',
          lastMessageId: `m-${i + j}`,
          eventCount: 1,
          decisionKey: `1#2026-01-01T00:00:00.000Z#f-${i + j}`,
          feedbackIds: new Set([`f-${i + j}`]),
        },
      },
    }));
    // DynamoDB may leave some unprocessed; send those again until none is left.
    while (requests.length > 0) {
      const { UnprocessedItems } = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  }
  return emails;
}

export { writeBulkItems };
