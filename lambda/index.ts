import { SuppressionStore } from '../src/store/SuppressionStore';
import { readConfig } from './config';
import { createHandler } from './handler';

/**
 * The deployed function's entry. Configuration comes from the environment the stack sets, read once
 * per container; the DynamoDB endpoint from the SDK's standard configuration.
 */
const { tableName, ...authenticity } = readConfig(process.env);

const handler = createHandler({ store: new SuppressionStore({ tableName }), ...authenticity });

export { handler };
