/**
 * The processing core for a service's own transport: one SNS envelope in, one outcome out.
 *
 * @example
 * ```ts
 * import { createReceiver } from 'ses-bounce-guard/receiver';
 * const receiver = createReceiver({ topicArn, configurationSetName: 'txn-mail', tableName: 'SuppressionTable' });
 * const { kind } = await receiver.receive(body);
 * ```
 * @packageDocumentation
 */

export { createReceiver } from './createReceiver';
export type { Receiver, ReceiverOptions, ReceiverOutcome } from './types';
export { ReceiverOutcomeKind } from './types';
