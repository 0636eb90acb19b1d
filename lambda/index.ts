import { SuppressionStore } from '../src/store/SuppressionStore';
import { createHandler } from './handler';

/**
 * The deployed function's entry. Configuration comes from the environment the stack sets, read once
 * per container; the DynamoDB endpoint from the SDK's standard configuration.
 */
const tableName = process.env.TABLE_NAME;
if (tableName === undefined || tableName === '') throw new Error('TABLE_NAME is not set');

const handler = createHandler({ store: new SuppressionStore({ tableName }) });

export { handler };
