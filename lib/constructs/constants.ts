/**
 * How SNS hands events to the handler.
 *
 * - `direct`: the function is subscribed to the topic (asynchronous invocation, two retries, then
 *   the processing dead-letter queue). Fewest parts, lowest latency.
 * - `queue`: the topic feeds an SQS queue that the function polls in batches (partial batch
 *   failures, dead-letter queue after 5 receives, bounded concurrency). Absorbs bursts and long
 *   outages (messages wait up to 4 days instead of Lambda's 6 hours of async retries).
 */
const DeliveryMode = {
  DIRECT: 'direct',
  QUEUE: 'queue',
} as const;
type DeliveryMode = (typeof DeliveryMode)[keyof typeof DeliveryMode];

export { DeliveryMode };
