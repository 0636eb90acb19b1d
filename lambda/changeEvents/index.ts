import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { readChangeEventsEnvironment } from '../../src/contract/changeEventsEnvironment';
import { createChangeEventsHandler } from './handler';

/**
 * The deployed change-events function's entry: configuration from the environment the construct
 * sets, read once per container; the EventBridge endpoint from the SDK's standard configuration.
 */
const { eventBusName, softRecordEvents } = readChangeEventsEnvironment(process.env);

const handler = createChangeEventsHandler({ client: new EventBridgeClient({}), eventBusName, softRecordEvents });

export { handler };
