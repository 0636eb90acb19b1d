import { GetFunctionConfigurationCommand, InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { GetQueueAttributesCommand, type Message, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { MissingResourceError } from './errors';
import { invocationPayload } from './invocationPayload';

/** A received message, ready to be handed on. */
interface PreparedMessage {
  readonly message: Message;
  /** What is sent: the body for a queue, the event for a function. */
  readonly payload: string;
}

/** Where dead-lettered messages are handed back for processing. */
interface RedriveDestination {
  /** For reports: `queue <url>` or `function <name>`. */
  readonly description: string;
  /** @throws MissingResourceError when the destination does not exist */
  check(): Promise<void>;
  /** What the message becomes, or why it cannot go there (it then stays in the source). */
  prepare(message: Message): { readonly ok: true; readonly payload: string } | { readonly ok: false; readonly reason: string };
  /** Hands the messages on; resolves to the reason of each one that was not taken, by message id. */
  send(batch: readonly PreparedMessage[]): Promise<Map<string, string>>;
}

/**
 * Back to a queue (queue mode: the queue's dead-letter queue into the queue), one
 * `SendMessageBatch` per received batch. Bodies and message attributes go as they came: they are
 * the SNS envelopes the handler verifies.
 */
function queueDestination(sqs: SQSClient, queueUrl: string): RedriveDestination {
  return {
    description: `queue ${queueUrl}`,
    async check() {
      await checkQueue(sqs, queueUrl, 'target');
    },
    prepare: (message) => ({ ok: true, payload: message.Body ?? '' }),
    async send(batch) {
      const failures = new Map<string, string>();
      const response = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          // Batch-local ids: SQS message ids may hold characters SendMessageBatch ids must not.
          Entries: batch.map(({ message, payload }, i) => ({
            Id: String(i),
            MessageBody: payload,
            ...(message.MessageAttributes === undefined ? {} : { MessageAttributes: message.MessageAttributes }),
          })),
        }),
      );
      for (const failed of response.Failed ?? []) {
        const entry = batch[Number(failed.Id)];
        if (entry?.message.MessageId !== undefined) failures.set(entry.message.MessageId, `${failed.Code ?? 'error'}: ${failed.Message ?? 'not sent'}`);
      }
      // An entry SQS reports neither way was not confirmed: keep it in the source.
      const confirmed = new Set([...(response.Successful ?? []).map((s) => s.Id), ...(response.Failed ?? []).map((f) => f.Id)]);
      batch.forEach(({ message }, i) => {
        if (!confirmed.has(String(i)) && message.MessageId !== undefined) failures.set(message.MessageId, 'not confirmed by SendMessageBatch');
      });
      return failures;
    },
  };
}

/**
 * Back to the function (direct mode), one asynchronous `Invoke` per message: it is processed as
 * the original delivery was, with the same retries and `onFailure` dead-letter queue.
 */
function functionDestination(lambda: LambdaClient, functionName: string): RedriveDestination {
  return {
    description: `function ${functionName}`,
    async check() {
      try {
        await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
      } catch (error) {
        if ((error as Error).name === 'ResourceNotFoundException') {
          throw new MissingResourceError(`function "${functionName}" does not exist. Nothing was moved.`, { cause: error });
        }
        throw error;
      }
    },
    prepare: (message) => invocationPayload(message.Body ?? ''),
    async send(batch) {
      const failures = new Map<string, string>();
      const results = await Promise.allSettled(
        batch.map(({ payload }) => lambda.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: Buffer.from(payload) }))),
      );
      results.forEach((result, i) => {
        const id = batch[i]?.message.MessageId;
        if (id === undefined) return;
        if (result.status === 'rejected') failures.set(id, `${(result.reason as Error).name}: ${(result.reason as Error).message}`);
        else if (result.value.StatusCode !== 202) failures.set(id, `Invoke answered ${result.value.StatusCode}, not 202`);
      });
      return failures;
    },
  };
}

/** @throws MissingResourceError naming the queue when it does not exist */
async function checkQueue(sqs: SQSClient, queueUrl: string, role: 'source' | 'target'): Promise<number> {
  try {
    const response = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
    return Number(response.Attributes?.ApproximateNumberOfMessages ?? 0);
  } catch (error) {
    if (isMissingQueue(error)) throw new MissingResourceError(`${role} queue ${queueUrl} does not exist. Nothing was moved.`, { cause: error });
    throw error;
  }
}

function isMissingQueue(error: unknown): boolean {
  const name = (error as Error | undefined)?.name;
  return name === 'QueueDoesNotExist' || name === 'AWS.SimpleQueueService.NonExistentQueue';
}

export type { PreparedMessage, RedriveDestination };
export { checkQueue, functionDestination, queueDestination };
