import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { snsEnvelopeFor, snsEventFor } from '../local/envelopes';
import { createLocalSuppressionTable, localDocumentClientFor } from '../local/localDynamo';
import type { SigningAuthority } from '../local/snsSigningAuthority';
import { createSnsRequestListener } from '../src/http/createSnsRequestListener';
import { type Figure, sideBySideRounds, spreadOf } from './measure';
import { BENCH_CONFIGURATION_SET, BENCH_TOPIC_ARN, type BenchHandlerFactory, inFlight } from './workload';

/** Copies of the samples per round: every copy has its own feedback ids and addresses. */
const COPIES = 30;
/** Requests (or invocations) in flight at once, for both contenders. */
const CONCURRENCY = 4;

/**
 * The HTTPS endpoint (`createSnsRequestListener` in a Node server on loopback, signed text/plain
 * POSTs over keep-alive connections, signatures verified) beside the Lambda adapter, on the same
 * corpus: the samples/ events, `COPIES` times each with fresh ids.
 */
async function measureHttpEndpoint(endpoint: string, authority: SigningAuthority, makeHandler: BenchHandlerFactory): Promise<Figure[]> {
  const client = localDocumentClientFor(endpoint);
  const samplesDir = join(__dirname, '..', 'samples');
  const samples = readdirSync(samplesDir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => readFileSync(join(samplesDir, name), 'utf8'));
  let round = 0;
  const corpus = (): Record<string, unknown>[] => {
    const tag = `r${round++}`;
    return Array.from({ length: COPIES }, (_, copy) =>
      samples.map((text, i) => {
        const unique = text
          .replace(/"feedbackId":\s*"([^"]*)"/g, `"feedbackId": "$1-${tag}-${copy}"`)
          .replace(/"emailAddress":\s*"([^"@]*)@/g, `"emailAddress": "$1+${tag}-${copy}@`);
        return authority.sign(snsEnvelopeFor(JSON.parse(unique), BENCH_TOPIC_ARN, `${tag}-${copy}-${i}`));
      }),
    ).flat();
  };
  const notifications = COPIES * samples.length;

  const rounds = await sideBySideRounds(7, {
    lambda: async () => {
      const handler = makeHandler(await createLocalSuppressionTable(client, 'bench-lambda'), endpoint);
      const events = corpus().map(snsEventFor);
      return () => inFlight(events, CONCURRENCY, (event) => handler(event));
    },
    https: async () => {
      const tableName = await createLocalSuppressionTable(client, 'bench-https');
      const listener = createSnsRequestListener({ topicArn: BENCH_TOPIC_ARN, configurationSetName: BENCH_CONFIGURATION_SET, tableName, dynamoClient: client });
      const server = createServer(listener);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const bodies = corpus().map((envelope) => ({ type: String(envelope.Type), body: JSON.stringify(envelope) }));
      return async () => {
        try {
          await inFlight(bodies, CONCURRENCY, async ({ type, body }) => {
            const response = await fetch(url, {
              method: 'POST',
              headers: { 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': type },
              body,
            });
            if (response.status !== 200) throw new Error(`endpoint answered ${response.status}`);
            await response.arrayBuffer();
          });
        } finally {
          server.closeAllConnections();
          server.close();
        }
      };
    },
  });
  const perSecond = (times: number[]) => spreadOf(times.map((ms) => (notifications / ms) * 1000));
  const ratio = spreadOf(rounds.https.map((ms, i) => (rounds.lambda[i] as number) / ms));
  return [
    { name: 'samples corpus, Lambda adapter: notifications/s', ...perSecond(rounds.lambda), unit: '/s' },
    { name: 'samples corpus, HTTPS endpoint: notifications/s', ...perSecond(rounds.https), unit: '/s' },
    { name: 'HTTPS endpoint / Lambda adapter', ...ratio, unit: 'x' },
  ];
}

export { measureHttpEndpoint };
