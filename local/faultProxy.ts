import { type IncomingMessage, type Server, type ServerResponse, createServer, request } from 'node:http';

/** How the proxy answers a request it decides to fail. */
const FaultKind = {
  /** HTTP 500, as an outage or an internal error. */
  UNAVAILABLE: 'unavailable',
  /** HTTP 400 ProvisionedThroughputExceededException, as DynamoDB throttling. */
  THROTTLED: 'throttled',
} as const;
type FaultKind = (typeof FaultKind)[keyof typeof FaultKind];

/** Decides per request whether to fail it: gets the operation (X-Amz-Target suffix) and the body. */
type FaultRule = (operation: string, body: string) => FaultKind | undefined;

/**
 * A DynamoDB endpoint on loopback that forwards to DynamoDB Local and fails the requests a rule
 * picks: the network edge, where an outage or throttling really shows.
 */
interface FaultProxy {
  readonly endpoint: string;
  /** Requests seen, by operation (UpdateItem, GetItem, ...), failed ones included. */
  readonly counts: Map<string, number>;
  /** Replaces the rule; `undefined` passes everything through. */
  setRule(rule: FaultRule | undefined): void;
  close(): Promise<void>;
}

async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  let rule: FaultRule | undefined;
  const counts = new Map<string, number>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const operation = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
      counts.set(operation, (counts.get(operation) ?? 0) + 1);
      const fault = rule?.(operation, body.toString());
      if (fault !== undefined) return fail(res, fault);
      const forward = request(
        { hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => fail(res, FaultKind.UNAVAILABLE));
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts,
    setRule: (next) => (rule = next),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function fail(res: ServerResponse, kind: FaultKind): void {
  const throttled = kind === FaultKind.THROTTLED;
  const type = throttled ? 'ProvisionedThroughputExceededException' : 'InternalServerError';
  res.writeHead(throttled ? 400 : 500, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': type });
  res.end(JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message: `injected ${kind}` }));
}

/** A rule that fails every request of an operation after the first `n` of them pass. */
function failAfter(n: number, operation: string, kind: FaultKind = FaultKind.UNAVAILABLE): FaultRule {
  let passed = 0;
  return (op) => {
    if (op !== operation) return undefined;
    return passed++ < n ? undefined : kind;
  };
}

export { FaultKind, failAfter, startFaultProxy };
export type { FaultProxy, FaultRule };
