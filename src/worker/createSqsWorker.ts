import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import { Consumer } from 'sqs-consumer';
import { logger } from '../receiver/logger';
import type { Receiver, ReceiverOutcome } from '../receiver/types';
import { DRAIN_TIMEOUT_MS, MAX_BATCH, VISIBILITY_TIMEOUT_SECONDS, WAIT_TIME_SECONDS } from './constants';
import { RawDeliveryRefusedError } from './errors';

/**
 * Options of {@link createSqsWorker}.
 *
 * @example
 * const options: SqsWorkerOptions = { receiver, queueUrl, sqs: new SQSClient({}) };
 */
interface SqsWorkerOptions {
  readonly receiver: Receiver;
  /** The queue subscribed to the SES topic. */
  readonly queueUrl: string;
  readonly sqs: SQSClient;
  /**
   * Messages processed at once: batches of up to 10 (SQS's limit per receive), from as many pollers
   * as it takes.
   * @default 10
   */
  readonly concurrency?: number;
  /**
   * Whether the queue itself is the trust boundary: then bodies without an SNS envelope (raw
   * message delivery) are processed unsigned. Off, they fail and reach the dead-letter queue.
   * @default false
   */
  readonly trustQueue?: boolean;
  /**
   * How long a received message stays hidden; a heartbeat extends it every third of it while a
   * slow batch is still being written.
   * @default VISIBILITY_TIMEOUT_SECONDS (30)
   */
  readonly visibilityTimeoutSeconds?: number;
  /**
   * Long-poll wait of one ReceiveMessage.
   * @default WAIT_TIME_SECONDS (20, SQS's longest)
   */
  readonly waitTimeSeconds?: number;
  /**
   * How long `stop()` lets the batches in hand finish (their writes and deletes).
   * @default DRAIN_TIMEOUT_MS (20 s)
   */
  readonly drainTimeoutMs?: number;
  /**
   * Called with each message's outcome.
   * @default - nothing
   */
  readonly onOutcome?: (outcome: ReceiverOutcome, message: Message) => void;
}

/** A running worker. */
interface SqsWorker {
  start(): void;
  /** Stops polling; batches in hand finish (within the bound), then resolves. */
  stop(): Promise<void>;
}

/**
 * The SQS worker: long-polls the queue between the SES topic and the table with `sqs-consumer`,
 * processes each message through the receiver, and deletes only the messages whose outcome needs
 * no retry (processed, duplicate, ignored, confirmed, and rejected: retrying cannot make a forgery
 * authentic). A `failed` message is left alone: it becomes visible again after the visibility
 * timeout and, after the queue's `maxReceiveCount`, its redrive policy moves it to the dead-letter
 * queue (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html).
 * Stateless: any number of workers can share a queue, since every write is idempotent and SQS
 * hides a received message from the others
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html).
 *
 * @example
 * ```ts
 * const worker = createSqsWorker({ receiver, queueUrl, sqs: new SQSClient({}) });
 * worker.start();
 * process.once('SIGTERM', () => void worker.stop());
 * ```
 */
function createSqsWorker(options: SqsWorkerOptions): SqsWorker {
  const concurrency = options.concurrency ?? MAX_BATCH;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) throw new Error(`concurrency must be a positive integer (got ${concurrency})`);
  const visibilityTimeout = options.visibilityTimeoutSeconds ?? VISIBILITY_TIMEOUT_SECONDS;
  if (!Number.isSafeInteger(visibilityTimeout) || visibilityTimeout < 2) throw new Error('visibilityTimeoutSeconds must be a whole number of at least 2');
  const pollers = Math.ceil(concurrency / MAX_BATCH);
  const batchSize = Math.ceil(concurrency / pollers);
  const drainTimeoutMs = options.drainTimeoutMs ?? DRAIN_TIMEOUT_MS;
  const report = options.onOutcome ?? (() => {});

  const handle = async (message: Message): Promise<ReceiverOutcome> => {
    const body = message.Body ?? '';
    const outcome = isEnvelope(body)
      ? await options.receiver.receive(body)
      : options.trustQueue === true
        ? await options.receiver.receiveUnsigned(body, message.MessageId ?? '')
        : rawRefused();
    if (outcome.kind === 'failed') {
      logger.error('SQS message failed: left in the queue for its retries and redrive policy', {
        sqsMessageId: message.MessageId,
        receiveCount: message.Attributes?.ApproximateReceiveCount,
        problem: outcome.reason,
      });
    }
    report(outcome, message);
    return outcome;
  };

  const consumers = Array.from({ length: pollers }, () => {
    let active = 0;
    const consumer = Consumer.create({
      queueUrl: options.queueUrl,
      sqs: options.sqs,
      batchSize,
      visibilityTimeout,
      heartbeatInterval: Math.max(1, Math.floor(visibilityTimeout / 3)),
      waitTimeSeconds: options.waitTimeSeconds ?? WAIT_TIME_SECONDS,
      pollingCompleteWaitTimeMs: drainTimeoutMs,
      attributeNames: ['ApproximateReceiveCount' as never],
      async handleMessageBatch(messages) {
        active++;
        const outcomes = await Promise.all(messages.map(handle));
        // Acknowledged, so deleted: everything that must not be retried.
        return messages.filter((_, i) => outcomes[i]?.kind !== 'failed');
      },
    });
    consumer.on('response_processed', () => {
      active--;
    });
    consumer.on('error', (error) => logger.error('SQS request failed: the poller retries', { error: String(error) }));
    consumer.on('processing_error', (error) => logger.error('SQS batch failed: left in the queue', { error: String(error) }));
    return { consumer, idle: () => active === 0 };
  });

  return {
    start() {
      logger.info('worker polling', { queueUrl: options.queueUrl, pollers, batchSize, trustQueue: options.trustQueue === true });
      for (const { consumer } of consumers) consumer.start();
    },
    async stop() {
      logger.info('worker stopping: no new receives; batches in hand finish', { drainTimeoutMs });
      await Promise.all(
        consumers.map(
          ({ consumer, idle }) =>
            new Promise<void>((resolve) => {
              if (!consumer.status.isRunning) {
                resolve();
                return;
              }
              consumer.once('stopped', () => resolve());
              // An idle poller is only waiting for messages: cut its long poll. A busy one finishes its batch.
              consumer.stop({ abort: idle() });
            }),
        ),
      );
      logger.info('worker stopped');
    },
  };
}

/** Whether a body is an SNS envelope (raw message delivery off) rather than the bare SES event. */
function isEnvelope(body: string): boolean {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && 'Type' in value && 'TopicArn' in value;
  } catch {
    return true; // Not JSON at all: the receiver says why it fails.
  }
}

function rawRefused(): ReceiverOutcome {
  const error = new RawDeliveryRefusedError(
    'message has no SNS envelope (raw message delivery is on): its origin cannot be verified; turn raw delivery off, or trust the queue (--trust-queue) if its policy admits the SES topic alone',
  );
  return { kind: 'failed', reason: error.message, error };
}

export type { SqsWorker, SqsWorkerOptions };
export { createSqsWorker };
