import { Duration } from 'aws-cdk-lib';
import type { Grant, IGrantable } from 'aws-cdk-lib/aws-iam';
import { BackoffFunction, type ITopic, type Subscription } from 'aws-cdk-lib/aws-sns';
import { UrlSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DeadLetterQueue } from './DeadLetterQueue';
import type { WatchedDeadLetterQueue } from './monitoring/createPipelineAlarms';
import { QueueDelivery } from './QueueDelivery';

/**
 * Who takes the topic's events instead of the construct's function:
 * - `https`: an endpoint of yours (`ses-bounce-guard/http`, `npx ses-bounce-guard serve`) subscribed to the topic;
 * - `queue`: an SQS queue that a worker of yours polls (`npx ses-bounce-guard worker`).
 */
type ExternalReceiverKind = { readonly kind: 'https'; readonly url: string } | { readonly kind: 'queue' };

/** Properties of an {@link ExternalReceiver}. */
interface ExternalReceiverProps {
  /** The topic SES publishes to. */
  readonly topic: ITopic;
  /** The receiver. */
  readonly receiver: ExternalReceiverKind;
}

/**
 * The most retries SNS allows an HTTP/S subscription within its hard limit of 3,600 s of total
 * retry time (https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html):
 * numRetries at most 100: 3 immediate, 2 a second apart, 60 backing off exponentially from 1 s to
 * 60 s (about 880 s), then 35 at 60 s (2,100 s): about 3,000 s in all, inside the limit with room
 * for jitter. Past them the message goes to the subscription's dead-letter queue.
 */
const HTTPS_RETRY_POLICY = {
  numRetries: 100,
  numNoDelayRetries: 3,
  numMinDelayRetries: 2,
  numMaxDelayRetries: 35,
  minDelayTarget: Duration.seconds(1),
  maxDelayTarget: Duration.seconds(60),
  backoffFunction: BackoffFunction.EXPONENTIAL,
} as const;

/**
 * A worker's visibility timeout: how long a received message stays hidden before another worker
 * may take it. The worker extends it while it still works (visibility heartbeat).
 */
const WORKER_VISIBILITY_BASIS = Duration.seconds(30);

/**
 * The topic's events for a receiver of the user's own, with what keeps them from being lost: the
 * HTTPS subscription (raw delivery off, so each body is the signed envelope the receiver verifies;
 * SNS's longest retry policy; a dead-letter queue), or the queue with its dead-letter queue after
 * 5 receives and its own delivery dead-letter queue.
 */
class ExternalReceiver extends Construct {
  /** What SNS could not deliver (to the endpoint after its retries, or to the queue). */
  readonly deliveryDeadLetterQueue: IQueue;
  /** Queue mode: the queue the worker polls; `undefined` for HTTPS. */
  readonly queue: IQueue | undefined;
  /** Queue mode: messages that failed 5 receives; `undefined` for HTTPS. */
  readonly processingDeadLetterQueue: IQueue | undefined;
  /** HTTPS: the endpoint's subscription; `undefined` in queue mode. */
  readonly subscription: Subscription | undefined;
  /** The receiver's URL (HTTPS); `undefined` in queue mode. */
  readonly url: string | undefined;

  constructor(scope: Construct, id: string, props: ExternalReceiverProps) {
    super(scope, id);
    this.deliveryDeadLetterQueue = new DeadLetterQueue(this, 'DeliveryDeadLetterQueue').queue;
    if (props.receiver.kind === 'https') {
      this.url = props.receiver.url;
      this.queue = undefined;
      this.processingDeadLetterQueue = undefined;
      this.subscription = props.topic.addSubscription(
        new UrlSubscription(props.receiver.url, {
          rawMessageDelivery: false,
          deadLetterQueue: this.deliveryDeadLetterQueue,
          deliveryPolicy: { healthyRetryPolicy: HTTPS_RETRY_POLICY },
        }),
      );
      return;
    }
    const delivery = new QueueDelivery(this, 'QueueDelivery', {
      topic: props.topic,
      functionTimeout: WORKER_VISIBILITY_BASIS,
      batchWindow: Duration.seconds(0),
      deliveryDeadLetterQueue: this.deliveryDeadLetterQueue,
    });
    this.url = undefined;
    this.subscription = undefined;
    this.queue = delivery.queue;
    this.processingDeadLetterQueue = delivery.deadLetterQueue;
  }

  /** The queues to watch, each with an alarm. */
  get deadLetterQueues(): WatchedDeadLetterQueue[] {
    return [
      ...(this.processingDeadLetterQueue === undefined
        ? []
        : [
            {
              id: 'ProcessingDeadLetterQueue',
              description: "events the worker failed on 5 times (the queue's dead-letter queue)",
              queue: this.processingDeadLetterQueue,
            },
          ]),
      {
        id: 'DeliveryDeadLetterQueue',
        description:
          this.url === undefined
            ? 'events SNS could not deliver to the queue'
            : 'events SNS could not deliver to the HTTPS endpoint within its retries (an hour)',
        queue: this.deliveryDeadLetterQueue,
      },
    ];
  }

  /**
   * Grants a worker what `npx ses-bounce-guard worker` calls on the queue: receive, delete and
   * change visibility (heartbeat), and read its attributes (the queue is SQS-managed-encrypted,
   * so no key grant is needed:
   * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html).
   * @throws Error for an HTTPS receiver, which has no queue
   */
  grantConsume(grantee: IGrantable): Grant {
    if (this.queue === undefined) throw new Error('grantConsume: the receiver is an HTTPS endpoint; there is no queue to consume');
    const grant = this.queue.grant(
      grantee,
      'sqs:ReceiveMessage',
      'sqs:DeleteMessage',
      'sqs:ChangeMessageVisibility',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
    );
    this.queue.encryptionMasterKey?.grantDecrypt(grantee);
    return grant;
  }
}

export type { ExternalReceiverKind, ExternalReceiverProps };
export { ExternalReceiver, HTTPS_RETRY_POLICY };
