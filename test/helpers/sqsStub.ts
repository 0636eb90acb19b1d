import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { closeServer, sendJson } from './loopbackServer';

/** A message held by the stub. */
interface StubMessage {
  readonly MessageId: string;
  readonly Body: string;
  readonly MessageAttributes?: Record<string, unknown>;
  /** Received and neither deleted nor released: hidden from ReceiveMessage. */
  inFlight: boolean;
  receiptHandle?: string;
  receiveCount: number;
  /** For a configured queue: when an in-flight message becomes visible again (ms since epoch). */
  visibleAt?: number;
}

/**
 * Makes a queue behave as SQS does in time (opt-in, so that other tests stay untimed): visibility
 * timeouts run out, ReceiveMessage long-polls for `WaitTimeSeconds`, and a redrive policy moves a
 * message to its dead-letter queue once it was received `maxReceiveCount` times
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html).
 */
interface StubQueueSettings {
  /** The queue's default visibility timeout, used when ReceiveMessage names none. */
  readonly visibilityTimeoutSeconds: number;
  readonly redrive?: { readonly deadLetterQueue: string; readonly maxReceiveCount: number };
}

/** One request the stub received: the operation (X-Amz-Target without `AmazonSQS.`) and its body. */
interface StubSqsRequest {
  readonly operation: string;
  readonly body: Record<string, unknown>;
}

/**
 * A loopback HTTP server speaking SQS's AWS JSON 1.0 protocol (what `@aws-sdk/client-sqs` v3 uses:
 * POST, `X-Amz-Target: AmazonSQS.<Operation>`) for the operations the redrive command uses:
 * GetQueueAttributes, ReceiveMessage, SendMessageBatch, DeleteMessageBatch and
 * ChangeMessageVisibilityBatch, and the worker's DeleteMessage and ChangeMessageVisibility. Queues
 * are named by their URL's path, so that any host works. Visibility timeouts never run out by
 * themselves (no timed tests): a received message stays hidden until it is deleted or released;
 * unless the queue was given SQS's timed behaviour with `configureQueue`.
 */
interface SqsStub {
  readonly endpoint: string;
  readonly requests: readonly StubSqsRequest[];
  /** The URL of a queue, created empty when new. */
  queueUrl(name: string): string;
  /** Puts messages in a queue; returns their ids. */
  seed(name: string, bodies: readonly string[]): string[];
  /** The messages of a queue, in flight or not. */
  messages(name: string): readonly StubMessage[];
  /** Makes SendMessageBatch refuse the entries whose body this returns true for. */
  failSendWhen(rule: ((body: string) => boolean) | undefined): void;
  /** Makes DeleteMessageBatch refuse the entries whose message body this returns true for. */
  failDeleteWhen(rule: ((body: string) => boolean) | undefined): void;
  /** Gives a queue SQS's timed behaviour: visibility expiry, long polling, a redrive policy. */
  configureQueue(name: string, settings: StubQueueSettings): void;
  /** How many requests of an operation were received. */
  count(operation: string): number;
  close(): Promise<void>;
}

const ACCOUNT = '000000000000';

async function startSqsStub(): Promise<SqsStub> {
  const requests: StubSqsRequest[] = [];
  const queues = new Map<string, StubMessage[]>();
  const settings = new Map<StubMessage[], StubQueueSettings>();
  let closing = false;
  let failSend: ((body: string) => boolean) | undefined;
  let failDelete: ((body: string) => boolean) | undefined;
  let sequence = 0;

  const queueOf = (url: unknown): StubMessage[] | undefined => {
    if (typeof url !== 'string') return undefined;
    try {
      return queues.get(new URL(url).pathname);
    } catch {
      return undefined;
    }
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const operation = String(req.headers['x-amz-target'] ?? '').replace(/^AmazonSQS\./, '');
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      requests.push({ operation, body });
      const queue = queueOf(body.QueueUrl);
      if (queue === undefined) {
        send(
          res,
          400,
          { __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'The specified queue does not exist.' },
          'AWS.SimpleQueueService.NonExistentQueue;Sender',
        );
        return;
      }
      route(operation, body, queue, res);
    });
  });

  /** Messages that can be received now; in a configured queue, also those whose visibility ran out. */
  function visible(queue: StubMessage[]): StubMessage[] {
    const now = Date.now();
    for (const message of queue) if (message.inFlight && message.visibleAt !== undefined && message.visibleAt <= now) message.inFlight = false;
    return queue.filter((m) => !m.inFlight);
  }

  /** SQS moves a message past its receive limit to the dead-letter queue instead of delivering it. */
  function redrive(queue: StubMessage[]): void {
    const policy = settings.get(queue)?.redrive;
    if (policy === undefined) return;
    for (const message of visible(queue)) {
      if (message.receiveCount < policy.maxReceiveCount) continue;
      queue.splice(queue.indexOf(message), 1);
      ensure(policy.deadLetterQueue).push({ MessageId: message.MessageId, Body: message.Body, inFlight: false, receiveCount: 0 });
    }
  }

  async function receive(body: Record<string, unknown>, queue: StubMessage[], res: ServerResponse): Promise<void> {
    const configured = settings.get(queue);
    const waitUntil = Date.now() + (configured === undefined ? 0 : Number(body.WaitTimeSeconds ?? 0) * 1000);
    redrive(queue);
    while (visible(queue).length === 0 && Date.now() < waitUntil && !closing) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      redrive(queue);
    }
    const max = Number(body.MaxNumberOfMessages ?? 1);
    const batch = visible(queue).slice(0, max);
    const seconds = Number(body.VisibilityTimeout ?? configured?.visibilityTimeoutSeconds ?? 0);
    for (const message of batch) {
      message.inFlight = true;
      message.receiveCount++;
      message.receiptHandle = `handle-${++sequence}`;
      message.visibleAt = configured === undefined ? undefined : Date.now() + seconds * 1000;
    }
    send(res, 200, {
      Messages: batch.map((m) => ({
        MessageId: m.MessageId,
        ReceiptHandle: m.receiptHandle,
        Body: m.Body,
        // The SDK checks it, as it does against real SQS.
        MD5OfBody: md5(m.Body),
        Attributes: { ApproximateReceiveCount: String(m.receiveCount) },
        ...(m.MessageAttributes === undefined ? {} : { MessageAttributes: m.MessageAttributes }),
      })),
    });
  }

  /** ChangeMessageVisibility: 0 releases the message; more, in a configured queue, extends its hiding. */
  function changeVisibility(queue: StubMessage[], message: StubMessage, seconds: number): void {
    if (seconds === 0 || !settings.has(queue)) {
      message.inFlight = false;
      message.visibleAt = undefined;
    } else message.visibleAt = Date.now() + seconds * 1000;
  }

  /** The in-flight message a receipt handle names (its visibility may have run out since). */
  function held(queue: StubMessage[], handle: unknown): StubMessage | undefined {
    visible(queue);
    return queue.find((m) => m.receiptHandle === handle && m.inFlight);
  }

  function route(operation: string, body: Record<string, unknown>, queue: StubMessage[], res: ServerResponse): void {
    switch (operation) {
      case 'DeleteMessage':
      case 'ChangeMessageVisibility': {
        const message = held(queue, body.ReceiptHandle);
        if (message === undefined) {
          send(res, 400, { __type: 'com.amazonaws.sqs#ReceiptHandleIsInvalid', message: 'unknown receipt handle' });
          return;
        }
        if (operation === 'DeleteMessage') queue.splice(queue.indexOf(message), 1);
        else changeVisibility(queue, message, Number(body.VisibilityTimeout ?? 0));
        send(res, 200, {});
        return;
      }
      case 'GetQueueAttributes':
        send(res, 200, { Attributes: { ApproximateNumberOfMessages: String(queue.filter((m) => !m.inFlight).length) } });
        return;
      case 'ReceiveMessage':
        void receive(body, queue, res);
        return;
      case 'SendMessageBatch': {
        const entries = body.Entries as { Id: string; MessageBody: string; MessageAttributes?: Record<string, unknown> }[];
        const successful: unknown[] = [];
        const failed: unknown[] = [];
        for (const entry of entries) {
          if (failSend?.(entry.MessageBody)) {
            failed.push({ Id: entry.Id, SenderFault: false, Code: 'InternalError', Message: 'stub refused this entry' });
            continue;
          }
          const id = `stub-${++sequence}`;
          queue.push({ MessageId: id, Body: entry.MessageBody, MessageAttributes: entry.MessageAttributes, inFlight: false, receiveCount: 0 });
          successful.push({ Id: entry.Id, MessageId: id, MD5OfMessageBody: md5(entry.MessageBody) });
        }
        send(res, 200, { Successful: successful, Failed: failed });
        return;
      }
      case 'DeleteMessageBatch':
      case 'ChangeMessageVisibilityBatch': {
        const entries = body.Entries as { Id: string; ReceiptHandle: string; VisibilityTimeout?: number }[];
        const successful: unknown[] = [];
        const failed: unknown[] = [];
        visible(queue);
        for (const entry of entries) {
          const index = queue.findIndex((m) => m.receiptHandle === entry.ReceiptHandle && m.inFlight);
          if (index < 0 || (operation === 'DeleteMessageBatch' && failDelete?.((queue[index] as StubMessage).Body))) {
            failed.push({ Id: entry.Id, SenderFault: true, Code: 'ReceiptHandleIsInvalid', Message: 'unknown receipt handle' });
            continue;
          }
          if (operation === 'DeleteMessageBatch') queue.splice(index, 1);
          else changeVisibility(queue, queue[index] as StubMessage, Number(entry.VisibilityTimeout ?? 0));
          successful.push({ Id: entry.Id });
        }
        send(res, 200, { Successful: successful, Failed: failed });
        return;
      }
      default:
        send(res, 400, { __type: 'com.amazonaws.sqs#UnsupportedOperation', message: `stub does not answer ${operation}` });
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('stub has no port');
  const endpoint = `http://127.0.0.1:${address.port}`;
  const path = (name: string) => `/${ACCOUNT}/${name}`;
  const ensure = (name: string): StubMessage[] => {
    const existing = queues.get(path(name));
    if (existing !== undefined) return existing;
    const created: StubMessage[] = [];
    queues.set(path(name), created);
    return created;
  };

  return {
    endpoint,
    requests,
    queueUrl: (name) => {
      ensure(name);
      return `${endpoint}${path(name)}`;
    },
    seed: (name, bodies) =>
      bodies.map((Body) => {
        const MessageId = `seed-${++sequence}`;
        ensure(name).push({ MessageId, Body, inFlight: false, receiveCount: 0 });
        return MessageId;
      }),
    messages: (name) => ensure(name),
    failSendWhen: (rule) => {
      failSend = rule;
    },
    failDeleteWhen: (rule) => {
      failDelete = rule;
    },
    configureQueue: (name, queueSettings) => {
      settings.set(ensure(name), queueSettings);
    },
    count: (operation) => requests.filter((r) => r.operation === operation).length,
    close: () => {
      closing = true;
      return closeServer(server);
    },
  };
}

function md5(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

function send(res: ServerResponse, status: number, body: unknown, queryError?: string): void {
  sendJson(res, status, body, { 'content-type': 'application/x-amz-json-1.0', ...(queryError === undefined ? {} : { 'x-amzn-query-error': queryError }) });
}

export type { SqsStub, StubMessage, StubQueueSettings, StubSqsRequest };
export { startSqsStub };
