import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/**
 * How SNS hands events to the handler.
 *
 * - `direct`: the function is subscribed to the topic (asynchronous invocation, two retries, then
 *   the processing dead-letter queue). Fewest parts, lowest latency.
 * - `queue`: the topic feeds an SQS queue that the function polls in batches (partial batch
 *   failures, dead-letter queue after 5 receives, bounded concurrency). Absorbs bursts: what the
 *   bounded concurrency cannot take yet waits in the queue (up to 4 days) instead of invoking.
 */
const DeliveryMode = {
  DIRECT: 'direct',
  QUEUE: 'queue',
} as const;
type DeliveryMode = (typeof DeliveryMode)[keyof typeof DeliveryMode];

/**
 * How long every log group of the construct keeps its events unless told otherwise: a year, the
 * least AWS Control Tower control CT.CLOUDWATCH.PR.2 accepts
 * (https://docs.aws.amazon.com/controltower/latest/userguide/cloudwatch-rules.html#ct-cloudwatch-pr-2-description).
 */
const DEFAULT_LOG_RETENTION = RetentionDays.ONE_YEAR;

export { DEFAULT_LOG_RETENTION, DeliveryMode };
