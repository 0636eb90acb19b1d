import type { IncomingHttpHeaders, Server } from 'node:http';
import { createServer, request as httpRequest } from 'node:http';

/** What an interceptor sees of one DynamoDB request. */
interface InterceptedRequest {
  /** The operation, from `X-Amz-Target` (`DynamoDB_20120810.BatchGetItem` → `BatchGetItem`). */
  readonly operation: string;
  /** The parsed JSON body (wire format: `{ S: ... }` attribute values). */
  readonly body: Record<string, unknown>;
}

/**
 * What to do with an intercepted request: answer it without forwarding (`respond`), or forward it
 * (optionally with another body) and optionally rewrite DynamoDB's answer (`transform`).
 */
type Interception =
  | { readonly respond: { readonly status: number; readonly body: unknown } }
  | {
      readonly forward?: Record<string, unknown>;
      readonly transform?: (response: Record<string, unknown>) => Record<string, unknown>;
    };

type Interceptor = (request: InterceptedRequest) => Interception | undefined;

/** A loopback HTTP proxy in front of DynamoDB Local that counts and can tamper with requests. */
interface DynamoProxy {
  /** Point a client here instead of at DynamoDB Local. */
  readonly endpoint: string;
  /** Every request seen, in order. */
  readonly requests: readonly InterceptedRequest[];
  /** How many requests of an operation went through (intercepted ones included). */
  count(operation: string): number;
  /** Handles the next `times` requests of `operation` (every one when omitted) with `interceptor`. */
  intercept(operation: string, interceptor: Interceptor, times?: number): void;
  /** Answers the next `times` requests of `operation` with an HTTP 500 `InternalServerError`. */
  fail(operation: string, times?: number): void;
  /** Forgets counts and interceptors. */
  reset(): void;
  close(): Promise<void>;
}

const TARGET_PREFIX = 'DynamoDB_20120810.';

/** The failures a proxy can answer with, as DynamoDB answers them. */
const Fault = {
  /** HTTP 500 InternalServerError: an outage. */
  UNAVAILABLE: 'unavailable',
  /** HTTP 400 ProvisionedThroughputExceededException: throttling. */
  THROTTLED: 'throttled',
} as const;
type Fault = (typeof Fault)[keyof typeof Fault];

/** The interception that answers a request with `kind`, for `intercept` rules of one's own. */
function fault(kind: Fault): Interception {
  const throttled = kind === Fault.THROTTLED;
  const type = throttled ? 'ProvisionedThroughputExceededException' : 'InternalServerError';
  return { respond: { status: throttled ? 400 : 500, body: { __type: `com.amazonaws.dynamodb.v20120810#${type}`, message: `injected ${kind}` } } };
}

/**
 * Starts a proxy on 127.0.0.1 that forwards to `target` (DynamoDB Local). Counting happens at the
 * network edge, so a test sees exactly the requests the SDK made, retries included.
 *
 * @example
 * ```ts
 * const proxy = await startDynamoProxy(inject('dynamoEndpoint'));
 * proxy.fail('BatchGetItem');
 * const client = localDocumentClient(proxy.endpoint, 1);
 * ```
 */
async function startDynamoProxy(target: string): Promise<DynamoProxy> {
  const requests: InterceptedRequest[] = [];
  let interceptors: { operation: string; interceptor: Interceptor; remaining: number }[] = [];
  const targetUrl = new URL(target);

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target;
      const body = raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
      const seen = { operation, body };
      requests.push(seen);

      const entry = interceptors.find((i) => i.operation === operation && i.remaining > 0);
      let interception: Interception | undefined;
      if (entry !== undefined) {
        entry.remaining--;
        interception = entry.interceptor(seen);
      }
      if (interception !== undefined && 'respond' in interception) {
        reply(res, interception.respond.status, {}, Buffer.from(JSON.stringify(interception.respond.body)));
        return;
      }
      const forwardBody = interception?.forward !== undefined ? Buffer.from(JSON.stringify(interception.forward)) : raw;
      const transform = interception?.transform;
      const upstream = httpRequest(
        {
          host: targetUrl.hostname,
          port: targetUrl.port,
          method: req.method,
          path: req.url,
          // The signature covers the original body; DynamoDB Local does not verify signatures.
          headers: { ...req.headers, 'content-length': String(forwardBody.length) },
        },
        (upstreamRes) => {
          const parts: Buffer[] = [];
          upstreamRes.on('data', (chunk: Buffer) => parts.push(chunk));
          upstreamRes.on('end', () => {
            let payload = Buffer.concat(parts);
            const headers = { ...upstreamRes.headers };
            if (transform !== undefined && (upstreamRes.statusCode ?? 500) < 300) {
              payload = Buffer.from(JSON.stringify(transform(JSON.parse(payload.toString('utf8')) as Record<string, unknown>)));
              // The checksum described the original body.
              delete headers['x-amz-crc32'];
            }
            reply(res, upstreamRes.statusCode ?? 500, headers, payload);
          });
        },
      );
      upstream.on('error', (error) => reply(res, 502, {}, Buffer.from(JSON.stringify({ message: String(error) }))));
      upstream.end(forwardBody);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('proxy has no port');

  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    requests,
    count: (operation) => requests.filter((r) => r.operation === operation).length,
    intercept: (operation, interceptor, times = Number.POSITIVE_INFINITY) => {
      interceptors.push({ operation, interceptor, remaining: times });
    },
    fail: (operation, times = Number.POSITIVE_INFINITY) => {
      interceptors.push({ operation, remaining: times, interceptor: () => fault(Fault.UNAVAILABLE) });
    },
    reset: () => {
      requests.length = 0;
      interceptors = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function reply(res: import('node:http').ServerResponse, status: number, headers: IncomingHttpHeaders, body: Buffer): void {
  const { 'transfer-encoding': _chunked, 'content-length': _length, connection: _connection, ...rest } = headers;
  res.writeHead(status, {
    ...rest,
    'content-type': String(headers['content-type'] ?? 'application/x-amz-json-1.0'),
    'content-length': String(body.length),
  });
  res.end(body);
}

export type { DynamoProxy, InterceptedRequest, Interception, Interceptor };
export { Fault, fault, startDynamoProxy };
