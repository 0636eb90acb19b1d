import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { createLocalSuppressionTable, localDocumentClientFor } from '../../local/localDynamo';
import { PARTITION_KEY } from '../../src/store/suppressionSchema';

/** A document client for DynamoDB Local, or for any endpoint (a fault proxy in front of it). */
function localDocumentClient(endpoint: string = inject('dynamoEndpoint'), maxAttempts = 3): DynamoDBDocumentClient {
  return localDocumentClientFor(endpoint, maxAttempts);
}

/** Creates a fresh suppression table in DynamoDB Local, with the key schema the stack uses. */
function createSuppressionTable(client: DynamoDBDocumentClient = localDocumentClient()): Promise<string> {
  return createLocalSuppressionTable(client);
}

/** Every item of a table, sorted by key. */
async function scanAll(tableName: string, client: DynamoDBDocumentClient = localDocumentClient()): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey !== undefined);
  return items.sort((a, b) => String(a[PARTITION_KEY]).localeCompare(String(b[PARTITION_KEY])));
}

export { createSuppressionTable, localDocumentClient, scanAll };
