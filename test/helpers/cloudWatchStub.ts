import type { ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { closeServer, sendJson } from './loopbackServer';

/** A metric identity as the stub lists it. */
interface StubMetric {
  readonly Namespace: string;
  readonly MetricName: string;
  readonly Dimensions: readonly { readonly Name: string; readonly Value: string }[];
}

/** One request: the operation (X-Amz-Target without its service prefix) and its body. */
interface StubCloudWatchRequest {
  readonly operation: string;
  readonly body: Record<string, unknown>;
}

/**
 * A loopback HTTP server speaking the protocol the installed `@aws-sdk/client-cloudwatch` uses:
 * AWS JSON 1.0 (`X-Amz-Target: GraniteServiceVersion20100801.<Operation>`, timestamps as epoch
 * seconds), for GetMetricStatistics (AWS/SNS NumberOfMessagesPublished by TopicName, one datapoint
 * per `publish`, filtered by StartTime/EndTime) and ListMetrics (paged two at a time, so that every
 * test crosses a NextToken).
 */
interface CloudWatchStub {
  readonly endpoint: string;
  readonly requests: readonly StubCloudWatchRequest[];
  /** Records messages published to a topic, stamped now. */
  publish(topicName: string, count: number): void;
  /** The metrics ListMetrics knows. */
  metrics: StubMetric[];
  close(): Promise<void>;
}

const PAGE_SIZE = 2;

async function startCloudWatchStub(): Promise<CloudWatchStub> {
  const requests: StubCloudWatchRequest[] = [];
  const datapoints: { topicName: string; at: number; sum: number }[] = [];
  const state = { metrics: [] as StubMetric[] };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const operation = String(req.headers['x-amz-target'] ?? '').replace(/^GraniteServiceVersion20100801\./, '');
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      requests.push({ operation, body });
      route(operation, body, res);
    });
  });

  function route(operation: string, body: Record<string, unknown>, res: ServerResponse): void {
    if (operation === 'GetMetricStatistics') {
      const dimensions = (body.Dimensions ?? []) as { Name: string; Value: string }[];
      const topic = dimensions.length === 1 && dimensions[0]?.Name === 'TopicName' ? dimensions[0].Value : undefined;
      const start = Number(body.StartTime) * 1000;
      const end = Number(body.EndTime) * 1000;
      const matching =
        body.Namespace === 'AWS/SNS' && body.MetricName === 'NumberOfMessagesPublished' && topic !== undefined
          ? datapoints.filter((p) => p.topicName === topic && p.at >= start && p.at < end)
          : [];
      send(res, 200, { Label: String(body.MetricName), Datapoints: matching.map((p) => ({ Timestamp: Math.floor(p.at / 1000), Sum: p.sum, Unit: 'Count' })) });
      return;
    }
    if (operation === 'ListMetrics') {
      const listed = state.metrics.filter(
        (m) => (body.Namespace === undefined || m.Namespace === body.Namespace) && (body.MetricName === undefined || m.MetricName === body.MetricName),
      );
      const from = Number(body.NextToken ?? 0);
      const next = from + PAGE_SIZE < listed.length ? String(from + PAGE_SIZE) : undefined;
      send(res, 200, { Metrics: listed.slice(from, from + PAGE_SIZE), ...(next === undefined ? {} : { NextToken: next }) });
      return;
    }
    send(res, 400, { __type: 'com.amazonaws.cloudwatch#InvalidAction', message: `stub does not answer ${operation}` });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('stub has no port');
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    requests,
    publish: (topicName, count) => {
      datapoints.push({ topicName, at: Date.now(), sum: count });
    },
    get metrics() {
      return state.metrics;
    },
    set metrics(value) {
      state.metrics = value;
    },
    close: () => closeServer(server),
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  sendJson(res, status, body, { 'content-type': 'application/x-amz-json-1.0' });
}

export type { CloudWatchStub, StubCloudWatchRequest, StubMetric };
export { startCloudWatchStub };
