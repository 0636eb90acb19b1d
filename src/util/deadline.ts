/**
 * Time limits for calls to AWS, in milliseconds. The SDK waits for ever by default: a server that
 * accepts a connection and never answers would hang a send or a command.
 */
interface Timeouts {
  /** How long to wait for a TCP (and TLS) connection. */
  readonly connectionTimeoutMs: number;
  /** How long one request may go without an answer once connected (the socket's idle time). */
  readonly requestTimeoutMs: number;
  /** The bound on one whole operation: every SDK retry and every backoff included. */
  readonly totalTimeoutMs: number;
}

/**
 * `requestHandler` settings for an SDK v3 client: a plain object is turned into a
 * `NodeHttpHandler` with these options (`connectionTimeout`, `requestTimeout`), see
 * https://github.com/aws/aws-sdk-js-v3/blob/main/supplemental-docs/CLIENTS.md#request-handler-requesthandler
 * and https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/node-configuring-maxsockets.html.
 *
 * @example
 * new DynamoDBClient({ requestHandler: requestHandlerOptions(timeouts) });
 */
function requestHandlerOptions(timeouts: Timeouts): { connectionTimeout: number; requestTimeout: number; throwOnRequestTimeout: true } {
  // Without throwOnRequestTimeout, today's handler only logs a warning when requestTimeout passes.
  return { connectionTimeout: timeouts.connectionTimeoutMs, requestTimeout: timeouts.requestTimeoutMs, throwOnRequestTimeout: true };
}

/** Raised by {@link withDeadline} when the operation did not settle in time. */
class DeadlineExceededError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeadlineExceededError';
  }
}

/**
 * Runs an operation with an abort signal that fires after `ms`, and rejects then even if the
 * operation ignores the signal (a client given by the caller may use another request handler).
 * The SDK's `send(command, { abortSignal })` aborts the request in flight.
 *
 * @example
 * await withDeadline(5_000, 'BatchGetItem', (signal) => client.send(command, { abortSignal: signal }));
 */
async function withDeadline<T>(ms: number, what: string, operation: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new DeadlineExceededError(`${what} did not finish within ${ms} ms`);
      controller.abort(error);
      reject(error);
    }, ms);
  });
  try {
    return await Promise.race([operation(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** A wait that ends early (rejecting) when the signal aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    const abort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', abort, { once: true });
  });
}

/**
 * The problems of a set of numeric options, one message each: every value must be a finite number
 * of at least `min` (and an integer where asked). `NaN`, `Infinity` and strings are refused.
 *
 * @example
 * optionProblems({ maxAttempts: [options.maxAttempts, 1, true] }); // ['maxAttempts must be an integer >= 1 (got NaN)']
 */
function optionProblems(options: Record<string, readonly [value: unknown, min: number, integer: boolean]>): string[] {
  return Object.entries(options).flatMap(([name, [value, min, integer]]) =>
    value === undefined || (typeof value === 'number' && Number.isFinite(value) && value >= min && (!integer || Number.isInteger(value)))
      ? []
      : [`${name} must be ${integer ? 'an integer' : 'a number'} >= ${min} (got ${String(value)})`],
  );
}

export type { Timeouts };
export { DeadlineExceededError, optionProblems, requestHandlerOptions, sleep, withDeadline };
