import { randomUUID } from 'node:crypto';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { PARTITION_KEY } from '../../src/store/suppressionSchema';
import { localDocumentClient } from './table';

/**
 * Creates a suppression table in DynamoDB Local with the stream the construct turns on (new and old
 * images), and returns its name.
 */
async function createStreamedSuppressionTable(endpoint: string = inject('dynamoEndpoint')): Promise<string> {
  const tableName = `streamed-${randomUUID()}`;
  await localDocumentClient(endpoint).send(
    new CreateTableCommand({
      TableName: tableName,
      KeySchema: [{ AttributeName: PARTITION_KEY, KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: PARTITION_KEY, AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  return tableName;
}

export { createStreamedSuppressionTable };
