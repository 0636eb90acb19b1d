import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PARTITION_KEY } from '../src/store/suppressionSchema';

/** A document client for a local endpoint (DynamoDB Local, or a proxy in front of it). */
function localDocumentClientFor(endpoint: string, maxAttempts = 3): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts }),
  );
}

/** Creates a suppression table with the stack's key schema under a fresh name, and returns the name. */
async function createLocalSuppressionTable(client: DynamoDBDocumentClient, prefix = 'suppression'): Promise<string> {
  const tableName = `${prefix}-${randomUUID()}`;
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      KeySchema: [{ AttributeName: PARTITION_KEY, KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: PARTITION_KEY, AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  return tableName;
}

export { createLocalSuppressionTable, localDocumentClientFor };
