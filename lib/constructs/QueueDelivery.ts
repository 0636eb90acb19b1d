import { ArnFormat, Duration, Names, Stack, Validations } from 'aws-cdk-lib';
import { EventSourceMapping, type IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { type IQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DeadLetterQueue } from './DeadLetterQueue';

/** Receives after which SQS moves a message to the dead-letter queue. */
const MAX_RECEIVE_COUNT = 5;

/**
 * AWS's rule for a queue feeding a function: visibility timeout at least six times the function's
 * timeout (plus the batch window), so that a message is not received again while a throttled or
 * retried invocation still holds it.
 */
const VISIBILITY_TIMEOUT_FACTOR = 6;

/** Properties of a {@link QueueDelivery}. */
interface QueueDeliveryProps {
  /** The topic SES publishes to; the queue subscribes to it. */
  readonly topic: ITopic;
  /**
   * The function that consumes the queue.
   * @default - none: a worker of the user's own consumes it (`consumer: 'external'`)
   */
  readonly function?: IFunction;
  /** The consumer's timeout, from which the queue's visibility timeout follows. */
  readonly functionTimeout: Duration;
  /** Where SNS puts what it could not deliver to the queue (subscription redrive policy). */
  readonly deliveryDeadLetterQueue: IQueue;
  /**
   * The most concurrent invocations the event source runs (2 to 1000): bounds the write rate on the
   * table during a burst, while the queue holds the rest.
   * @default 5
   */
  readonly maxConcurrency?: number;
  /**
   * How long Lambda gathers messages before it invokes the function.
   * @default Duration.seconds(5)
   */
  readonly batchWindow?: Duration;
  /**
   * The most messages per invocation.
   * @default 10
   */
  readonly batchSize?: number;
}

/**
 * SNS → SQS → Lambda: the topic feeds an encrypted, TLS-only queue (raw message delivery off, so
 * every body is the signed SNS envelope the handler verifies), and the function polls it with
 * partial batch failures. A message that fails {@link MAX_RECEIVE_COUNT} receives moves to the
 * dead-letter queue.
 *
 * ```
 * SNS ──> queue ──poll (batch, window, max concurrency)──> Lambda
 *  │        └──failed 5 receives──> deadLetterQueue
 *  └──cannot deliver to the queue──> deliveryDeadLetterQueue
 * ```
 */
class QueueDelivery extends Construct {
  /** The queue the function consumes. */
  readonly queue: Queue;
  /** Messages that failed {@link MAX_RECEIVE_COUNT} receives. */
  readonly deadLetterQueue: Queue;
  /** The function's event source on the queue; `undefined` without a function. */
  readonly eventSourceMapping: EventSourceMapping | undefined;

  constructor(scope: Construct, id: string, props: QueueDeliveryProps) {
    super(scope, id);
    const batchWindow = props.batchWindow ?? Duration.seconds(5);

    // Named up front so that the dead-letter queue's redrive allow policy can name the queue: the
    // queue's redrive policy names the dead-letter queue, and naming back would be a cycle.
    // SQS queue names: up to 80 characters, letters, digits, '-' and '_'.
    const queueName = Names.uniqueResourceName(this, { maxLength: 80, separator: '-' });
    const queueArn = Stack.of(this).formatArn({ service: 'sqs', resource: queueName, arnFormat: ArnFormat.NO_RESOURCE_NAME });
    this.deadLetterQueue = new DeadLetterQueue(this, 'DeadLetterQueue', { sourceQueueArn: queueArn }).queue;
    this.queue = new Queue(this, 'Queue', {
      queueName,
      // SQS-managed keys: SNS can deliver to the queue without a key policy or grant.
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(VISIBILITY_TIMEOUT_FACTOR * props.functionTimeout.toSeconds() + batchWindow.toSeconds()),
      // SQS's default, kept explicit: it is how long an outage may last before messages expire.
      // Shorter than the dead-letter queue's 14 days, as it must be: a dead-lettered message keeps
      // its original enqueue time.
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });

    props.topic.addSubscription(new SqsSubscription(this.queue, { rawMessageDelivery: false, deadLetterQueue: props.deliveryDeadLetterQueue }));
    if (props.function === undefined) {
      this.eventSourceMapping = undefined;
      return;
    }
    // What SqsEventSource does, written out so that the mapping is a construct of ours to
    // acknowledge a finding on.
    this.eventSourceMapping = new EventSourceMapping(this, 'EventSourceMapping', {
      target: props.function,
      eventSourceArn: this.queue.queueArn,
      batchSize: props.batchSize ?? 10,
      maxBatchingWindow: batchWindow,
      maxConcurrency: props.maxConcurrency ?? 5,
      // Only the failed records of a batch are received again; the others are deleted.
      reportBatchItemFailures: true,
    });
    this.queue.grantConsumeMessages(props.function);

    Validations.of(this.eventSourceMapping).acknowledge({
      id: 'Serverless::Serverless-LambdaEventSourceMappingDestination',
      reason: `SQS event sources take no onFailure destination: a message that fails ${MAX_RECEIVE_COUNT} receives goes to the queue's own dead-letter queue (redrive policy).`,
    });
  }
}

export type { QueueDeliveryProps };
export { MAX_RECEIVE_COUNT, QueueDelivery };
