/**
 * The SQS worker over the receiver (CLI `worker`): see docs/own-service.md.
 * @packageDocumentation
 */

export { DRAIN_TIMEOUT_MS, VISIBILITY_TIMEOUT_SECONDS, WAIT_TIME_SECONDS } from './constants';
export type { SqsWorker, SqsWorkerOptions } from './createSqsWorker';
export { createSqsWorker } from './createSqsWorker';
export { RawDeliveryRefusedError } from './errors';
