import type { IncomingMessage, ServerResponse } from 'node:http';
import { MalformedMessageError } from '../domain/errors';
import { createReceiver } from '../receiver/createReceiver';
import { envelopeFromObject } from '../receiver/envelope';
import { logger } from '../receiver/logger';
import type { Receiver, ReceiverOptions, ReceiverOutcome } from '../receiver/types';
import { BODY_TIMEOUT_MS, MAX_BODY_BYTES, MESSAGE_TYPE_HEADER } from './constants';
import { BodyTimeoutError, BodyTooLargeError } from './errors';
import { readBody } from './readBody';

/**
 * Options of {@link createSnsRequestListener}: a receiver's options (or a receiver), and limits.
 *
 * @example
 * const options: SnsRequestListenerOptions = { topicArn, configurationSetName: 'txn-mail', tableName: 'SuppressionTable' };
 */
interface SnsRequestListenerOptions extends Partial<ReceiverOptions> {
  /**
   * A receiver to use instead of one built from the other options.
   * @default - `createReceiver(options)`
   */
  readonly receiver?: Receiver;
  /**
   * Bodies larger than this are answered 413 and not read further.
   * @default MAX_BODY_BYTES (1 MiB)
   */
  readonly maxBodyBytes?: number;
  /**
   * Bound on reading the body; a client that stalls is answered 408.
   * @default BODY_TIMEOUT_MS (10 s)
   */
  readonly bodyTimeoutMs?: number;
  /**
   * Called once per request with what the receiver made of it (after the answer is written).
   * @default - nothing
   */
  readonly onOutcome?: (outcome: ReceiverOutcome | { readonly kind: 'refused'; readonly status: number; readonly reason: string }) => void;
}

/** A request as Node, Express, Connect (and Fastify's `request.raw` with its parsed body) hand it over. */
type SnsRequest = IncomingMessage & { body?: unknown };

/**
 * A Node request listener for an SNS HTTP/S subscription to the SES topic: works as
 * `http.createServer(listener)`, `app.post(path, listener)` (Express) and `app.use(path, listener)`
 * (Connect).
 *
 * SNS POSTs each message as `text/plain; charset=UTF-8` with an `x-amz-sns-message-type` header
 * (https://docs.aws.amazon.com/sns/latest/dg/SendMessageToHttp.prepare.html). The listener reads
 * the body up to `maxBodyBytes` (413 beyond), refuses a header that disagrees with the body's
 * `Type` (400), and hands the envelope to the receiver, which checks topic and signature,
 * confirms subscriptions to the configured topic only, and writes.
 *
 * The answer is what SNS's retry policy needs
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html): SNS retries 5xx
 * answers and timeouts, not 2xx or 4xx. So every outcome that retrying cannot change is 200
 * (processed, duplicate, ignored, confirmed, and rejected: a forgery stays a forgery), and `failed`
 * (store outage, SNS unreachable, a malformed SES message from our topic) is 500, so that SNS tries
 * again and, after its last retry, hands the message to the subscription's dead-letter queue.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createSnsRequestListener } from 'ses-bounce-guard/http';
 * createServer(createSnsRequestListener({ topicArn, configurationSetName: 'txn-mail', tableName: 'SuppressionTable' })).listen(8080);
 * ```
 * @throws Error when the receiver options are invalid (before any request is served)
 */
function createSnsRequestListener(options: SnsRequestListenerOptions): (req: SnsRequest, res: ServerResponse) => void {
  const receiver = options.receiver ?? createReceiver(options as ReceiverOptions);
  const maxBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const timeoutMs = options.bodyTimeoutMs ?? BODY_TIMEOUT_MS;
  const report = options.onOutcome ?? (() => {});

  const refuse = (res: ServerResponse, status: number, reason: string, headers: Record<string, string> = {}): void => {
    logger.warn('SNS request refused: nothing written', { status, reason });
    answer(res, status, { outcome: 'refused', reason }, headers);
    report({ kind: 'refused', status, reason });
  };

  return function snsRequestListener(req, res) {
    if (req.method !== 'POST') {
      refuse(res, 405, 'SNS delivers with POST', { allow: 'POST' });
      return;
    }
    void (async () => {
      let body: string;
      try {
        body = await readBody(req, { maxBytes, timeoutMs });
      } catch (error) {
        if (error instanceof BodyTooLargeError) refuse(res, 413, error.message, { connection: 'close' });
        else if (error instanceof BodyTimeoutError) refuse(res, 408, error.message, { connection: 'close' });
        else refuse(res, 400, `body could not be read: ${(error as Error).message}`);
        return;
      }
      const envelope = parseEnvelope(body, req.headers[MESSAGE_TYPE_HEADER]);
      if (typeof envelope === 'string') {
        refuse(res, 400, envelope);
        return;
      }
      const outcome = await receiver.receive(envelope);
      // Only the kind: a reason can name the table or the store's error, of no use to a caller.
      answer(res, outcome.kind === 'failed' ? 500 : 200, { outcome: outcome.kind });
      report(outcome);
    })().catch((error: unknown) => {
      logger.error('SNS request failed unexpectedly: answered 500 so that SNS retries', { error: String(error) });
      if (!res.headersSent) answer(res, 500, { outcome: 'failed' });
      report({ kind: 'failed', reason: String(error), error: error instanceof Error ? error : new Error(String(error)) });
    });
  };
}

/**
 * The envelope of a body, or why it is none: JSON, an object with the envelope's string fields,
 * and a `Type` equal to the header SNS sets (a proxy or a client that disagrees is not SNS).
 */
function parseEnvelope(body: string, header: string | string[] | undefined): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return 'body is not JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'body is not a JSON object';
  try {
    envelopeFromObject(value);
  } catch (error) {
    if (error instanceof MalformedMessageError) return error.message;
    throw error;
  }
  const type = (value as { Type: string }).Type;
  if (typeof header !== 'string') return `${MESSAGE_TYPE_HEADER} header is missing`;
  if (header !== type) return `${MESSAGE_TYPE_HEADER} header does not match the body's Type`;
  return value as Record<string, unknown>;
}

function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

export type { SnsRequest, SnsRequestListenerOptions };
export { createSnsRequestListener };
