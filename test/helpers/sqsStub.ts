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
 * ChangeMessageVisibilityBatch. Queues are named by their URL's path, so that any host works.
 * Visibility timeouts never run out by themselves (no timed tests): a received message stays hidden
 * until it is deleted or released.
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
  /** How many requests of an operation were received. */
  count(operation: string): number;
  close(): Promise<void>;
}

const ACCOUNT = '000000000000';

async function startSqsStub(): Promise<SqsStub> {
  const requests: StubSqsRequest[] = [];
  const queues = new Map<string, StubMessage[]>();
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

  function route(operation: string, body: Record<string, unknown>, queue: StubMessage[], res: ServerResponse): void {
    switch (operation) {
      case 'GetQueueAttributes':
        send(res, 200, { Attributes: { ApproximateNumberOfMessages: String(queue.filter((m) => !m.inFlight).length) } });
        return;
      case 'ReceiveMessage': {
        const max = Number(body.MaxNumberOfMessages ?? 1);
        const batch = queue.filter((m) => !m.inFlight).slice(0, max);
        for (const message of batch) {
          message.inFlight = true;
          message.receiveCount++;
          message.receiptHandle = `handle-${++sequence}`;
        }
        send(res, 200, {
          Messages: batch.map((m) => ({
            MessageId: m.MessageId,
            ReceiptHandle: m.receiptHandle,
            Body: m.Body,
            // The SDK checks it, as it does against real SQS.
            MD5OfBody: md5(m.Body),
            ...(m.MessageAttributes === undefined ? {} : { MessageAttributes: m.MessageAttributes }),
          })),
        });
        return;
      }
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
        const entries = body.Entries as { Id: string; ReceiptHandle: string }[];
        const successful: unknown[] = [];
        const failed: unknown[] = [];
        for (const entry of entries) {
          const index = queue.findIndex((m) => m.receiptHandle === entry.ReceiptHandle && m.inFlight);
          if (index < 0 || (operation === 'DeleteMessageBatch' && failDelete?.((queue[index] as StubMessage).Body))) {
            failed.push({ Id: entry.Id, SenderFault: true, Code: 'ReceiptHandleIsInvalid', Message: 'unknown receipt handle' });
            continue;
          }
          if (operation === 'DeleteMessageBatch') queue.splice(index, 1);
          else (queue[index] as StubMessage).inFlight = false;
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
    count: (operation) => requests.filter((r) => r.operation === operation).length,
    close: () => closeServer(server),
  };
}

function md5(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

function send(res: ServerResponse, status: number, body: unknown, queryError?: string): void {
  sendJson(res, status, body, { 'content-type': 'application/x-amz-json-1.0', ...(queryError === undefined ? {} : { 'x-amzn-query-error': queryError }) });
}

export type { SqsStub, StubMessage, StubSqsRequest };
export { startSqsStub };
