import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SuppressionStore } from '../../src/store/SuppressionStore';
import { createHandler } from './handler';
import { readHandlerEnvironment } from './readHandlerEnvironment';

/**
 * The deployed function's entry. Configuration comes from the environment the stack sets, read once
 * per container; the DynamoDB endpoint from the SDK's standard configuration.
 */
const { tableName, tableRegion, policy, deployment, ...authenticity } = readHandlerEnvironment(process.env);

// A second region's handler writes to the home region's table, so that every write of a
// multi-region list happens in one region (docs/regions.md); otherwise the function's own region.
const client = tableRegion === undefined ? undefined : DynamoDBDocumentClient.from(new DynamoDBClient({ region: tableRegion }));

// One policy for both halves: decide() (DSN override, a threshold of one) and the store (history,
// expiry) must never disagree.
const handler = createHandler({
  store: new SuppressionStore({ tableName, policy, ...(client === undefined ? {} : { client }) }),
  policy,
  deployment,
  ...authenticity,
});

export { handler };
