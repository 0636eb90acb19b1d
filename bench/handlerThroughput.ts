import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createLocalSuppressionTable, localDocumentClientFor } from '../local/localDynamo';
import type { SigningAuthority } from '../local/snsSigningAuthority';
import { decide } from '../src/domain/decide';
import { parseSesEvent } from '../src/domain/sesEvent';
import type { RecipientEvent } from '../src/domain/types';
import { SuppressionStore } from '../src/store/SuppressionStore';
import { Attr, PARTITION_KEY } from '../src/store/suppressionSchema';
import { type Figure, sideBySideRounds, spreadOf } from './measure';
import { type BenchHandlerFactory, inFlight, notificationBatch } from './workload';

const NOTIFICATIONS = 200;
const RECIPIENTS = 10;
const CONCURRENT_INVOCATIONS = 4;
/** The handler writes a notification's recipients concurrently: as many requests in flight here. */
const IN_FLIGHT = CONCURRENT_INVOCATIONS * RECIPIENTS;

/**
 * Handler throughput (signed messages, verification on, certificate cached, logs and metrics
 * written) against, at the same concurrency and on fresh tables:
 * - the same UpdateItems sent directly (the store, fed the decided events: no envelope, signature,
 *   parsing, decision, logs or metrics), which isolates what the handler itself costs;
 * - a minimal UpdateItem (two attributes, no condition) per recipient, which shows what the richer
 *   conditional write costs DynamoDB Local.
 */
async function measureHandlerThroughput(endpoint: string, authority: SigningAuthority, makeHandler: BenchHandlerFactory): Promise<Figure[]> {
  const client = localDocumentClientFor(endpoint);
  let round = 0;

  const rounds = await sideBySideRounds(9, {
    handler: async () => {
      const handler = makeHandler(await createLocalSuppressionTable(client, 'bench-handler'), endpoint);
      const events = notificationBatch(authority, NOTIFICATIONS, RECIPIENTS, `h${round++}`);
      return () => inFlight(events, CONCURRENT_INVOCATIONS, (event) => handler(event));
    },
    direct: async () => {
      const store = new SuppressionStore({ tableName: await createLocalSuppressionTable(client, 'bench-direct'), client });
      const events = decidedEvents(authority, `d${round++}`);
      return () => inFlight(events, IN_FLIGHT, (event) => store.apply(event));
    },
    minimal: async () => {
      const tableName = await createLocalSuppressionTable(client, 'bench-minimal');
      const keys = Array.from({ length: NOTIFICATIONS * RECIPIENTS }, (_, i) => `user${i}@example.com`);
      return () =>
        inFlight(keys, IN_FLIGHT, (email) =>
          client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: { [PARTITION_KEY]: email },
              UpdateExpression: 'SET #status = :status ADD #count :one',
              ExpressionAttributeNames: { '#status': Attr.STATUS, '#count': Attr.EVENT_COUNT },
              ExpressionAttributeValues: { ':status': 'suppressed', ':one': 1 },
            }),
          ),
        );
    },
  });
  const recipientEvents = NOTIFICATIONS * RECIPIENTS;
  const perSecond = (times: number[], count = recipientEvents) => spreadOf(times.map((ms) => (count / ms) * 1000));
  // Round i of every contender ran back to back, so their ratio shares that moment's load.
  const ratio = (over: number[], under: number[]) => spreadOf(under.map((ms, i) => (over[i] as number) / ms));
  const overhead = ratio(rounds.direct, rounds.handler);
  return [
    { name: 'handler: notifications/s', ...perSecond(rounds.handler, NOTIFICATIONS), unit: '/s' },
    { name: 'handler: recipient-events/s', ...perSecond(rounds.handler), unit: '/s' },
    { name: 'same UpdateItems sent directly: writes/s', ...perSecond(rounds.direct), unit: '/s' },
    { name: 'handler / same UpdateItems sent directly', ...overhead, unit: 'x', target: '>= 0.8', meets: overhead.value >= 0.8 },
    { name: 'minimal UpdateItem: writes/s', ...perSecond(rounds.minimal), unit: '/s' },
    { name: 'handler / minimal UpdateItem', ...ratio(rounds.minimal, rounds.handler), unit: 'x' },
  ];
}

/** The recipient-events the handler would decide from the same notifications. */
function decidedEvents(authority: SigningAuthority, tag: string): RecipientEvent[] {
  return notificationBatch(authority, NOTIFICATIONS, RECIPIENTS, tag).flatMap((event) => {
    const parsed = parseSesEvent(JSON.parse(event.Records[0]?.Sns.Message ?? '{}'));
    return parsed.kind === 'ignored' ? [] : decide(parsed).events;
  });
}

export { measureHandlerThroughput };
