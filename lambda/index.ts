import { SuppressionStore } from '../src/store/SuppressionStore';
import { createHandler } from './handler';
import { readHandlerEnvironment } from './readHandlerEnvironment';

/**
 * The deployed function's entry. Configuration comes from the environment the stack sets, read once
 * per container; the DynamoDB endpoint from the SDK's standard configuration.
 */
const { tableName, policy, deployment, ...authenticity } = readHandlerEnvironment(process.env);

// One policy for both halves: decide() (DSN override, a threshold of one) and the store (history,
// expiry) must never disagree.
const handler = createHandler({ store: new SuppressionStore({ tableName, policy }), policy, deployment, ...authenticity });

export { handler };
