import type { ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { closeServer, sendJson } from './loopbackServer';

/**
 * A loopback HTTP server answering the two Lambda REST operations the redrive command uses:
 * GetFunctionConfiguration and Invoke, and the smoke test's ListEventSourceMappings (by
 * `FunctionName`, one page). It knows one function; invocations are recorded, not run.
 * https://docs.aws.amazon.com/lambda/latest/api/API_ListEventSourceMappings.html
 */
interface LambdaStub {
  readonly endpoint: string;
  /** Invoke calls: the invocation type header and the parsed payload, in order. */
  readonly invocations: readonly { invocationType: string; payload: unknown }[];
  /** Makes Invoke fail (500 ServiceException) for the payloads this returns true for. */
  failInvokeWhen(rule: ((payload: unknown) => boolean) | undefined): void;
  /** The function's event sources (their ARNs), as ListEventSourceMappings lists them; tests set it. */
  eventSourceArns: string[];
  close(): Promise<void>;
}

const FUNCTIONS = '/2015-03-31/functions/';

/**
 * @param environment - the function's environment variables, as GetFunctionConfiguration returns them
 */
async function startLambdaStub(functionName: string, environment?: Record<string, string>): Promise<LambdaStub> {
  const invocations: { invocationType: string; payload: unknown }[] = [];
  let failInvoke: ((payload: unknown) => boolean) | undefined;
  const state = { eventSourceArns: [] as string[] };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      const path = url.pathname;
      if (req.method === 'GET' && path.replace(/\/$/, '') === '/2015-03-31/event-source-mappings') {
        const mine = url.searchParams.get('FunctionName') === functionName;
        send(res, 200, {
          EventSourceMappings: (mine ? state.eventSourceArns : []).map((arn, i) => ({
            UUID: `mapping-${i}`,
            EventSourceArn: arn,
            FunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
            State: 'Enabled',
          })),
        });
        return;
      }
      const [name, action] = path.startsWith(FUNCTIONS) ? path.slice(FUNCTIONS.length).split('/').map(decodeURIComponent) : [];
      if (name !== functionName) {
        send(res, 404, { Type: 'User', message: `Function not found: ${name}` }, 'ResourceNotFoundException');
      } else if (req.method === 'GET' && action === 'configuration') {
        send(res, 200, {
          FunctionName: name,
          FunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
          ...(environment === undefined ? {} : { Environment: { Variables: environment } }),
        });
      } else if (req.method === 'POST' && action === 'invocations') {
        const payload: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        if (failInvoke?.(payload)) {
          send(res, 500, { message: 'stub refused this invocation' }, 'ServiceException');
          return;
        }
        invocations.push({ invocationType: String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse'), payload });
        res.writeHead(202, { 'content-length': '0' });
        res.end();
      } else {
        send(res, 400, { message: `stub does not answer ${req.method} ${path}` }, 'InvalidRequestContentException');
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('stub has no port');
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    invocations,
    failInvokeWhen: (rule) => {
      failInvoke = rule;
    },
    get eventSourceArns() {
      return state.eventSourceArns;
    },
    set eventSourceArns(value) {
      state.eventSourceArns = value;
    },
    close: () => closeServer(server),
  };
}

function send(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  sendJson(res, status, body, { ...(errorType === undefined ? {} : { 'x-amzn-errortype': errorType }) });
}

export type { LambdaStub };
export { startLambdaStub };
