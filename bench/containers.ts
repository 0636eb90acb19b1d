import { startDynamoProxy } from '../local/dynamoProxy';
import { createLocalSuppressionTable, localDocumentClientFor } from '../local/localDynamo';
import type { SigningAuthority } from '../local/snsSigningAuthority';
import { snsEnvelopeFor, snsEventFor } from '../local/envelopes';
import type { SNSEvent } from 'aws-lambda';
import { BENCH_TOPIC_ARN, type BenchHandlerFactory, sesBounceEvent } from './workload';

/** One recipient-event of a workload: whom, when, what kind. */
interface BounceSpec {
  readonly address: string;
  readonly at: number;
  readonly bounceType?: 'Permanent' | 'Transient';
}

/** Signed notifications of one recipient each, in the given order. */
function signedNotifications(authority: SigningAuthority, specs: readonly BounceSpec[], tag: string): SNSEvent[] {
  return specs.map((spec, i) =>
    snsEventFor(
      authority.sign(
        snsEnvelopeFor(sesBounceEvent([spec.address], `${tag}-fid-${i}`, { timestamp: new Date(spec.at).toISOString(), bounceType: spec.bounceType }), BENCH_TOPIC_ARN, `${tag}-sns-${i}`),
      ),
    ),
  );
}

/** What delivering a workload cost. */
interface Delivery {
  /** Notifications whose invocation failed (it would be retried, then dead-lettered). */
  readonly failed: number;
  /** UpdateItem requests per notification, counted at a proxy in front of DynamoDB Local. */
  readonly requestsPerEvent: number;
}

/**
 * Delivers notifications as Lambda does to `containers` warm execution environments: each runs one
 * invocation at a time, with its own handler (so its own store and what that store remembers),
 * and whichever is free takes the next notification. `containers` is the number in flight.
 * A fresh table each time.
 */
async function deliverToContainers(
  endpoint: string,
  makeHandler: BenchHandlerFactory,
  events: readonly SNSEvent[],
  containers: number,
  options: { coldEveryTime?: boolean } = {},
): Promise<Delivery> {
  const proxy = await startDynamoProxy(endpoint);
  try {
    const tableName = await createLocalSuppressionTable(localDocumentClientFor(endpoint), 'bench-containers');
    const handlers = Array.from({ length: containers }, () => makeHandler(tableName, proxy.endpoint));
    let next = 0;
    let failed = 0;
    await Promise.all(
      handlers.map(async (handler) => {
        while (next < events.length) {
          const event = events[next++] as SNSEvent;
          // A cold environment per invocation: nothing remembered from earlier writes (the bad case).
          const run = options.coldEveryTime === true ? makeHandler(tableName, proxy.endpoint) : handler;
          await run(event).catch(() => failed++);
        }
      }),
    );
    return { failed, requestsPerEvent: proxy.count('UpdateItem') / events.length };
  } finally {
    await proxy.close();
  }
}

/** A seeded shuffle, so that every run measures the same orders. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed;
  const random = (): number => (state = (state * 16807) % 2147483647) / 2147483647;
  return items.map((item) => [random(), item] as const).sort((a, b) => a[0] - b[0]).map(([, item]) => item);
}

export { deliverToContainers, shuffled, signedNotifications };
export type { BounceSpec, Delivery };
