import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createLocalSuppressionTable, localDocumentClientFor } from '../local/localDynamo';
import type { SigningAuthority } from '../local/snsSigningAuthority';
import { Attr, PARTITION_KEY } from '../src/store/suppressionSchema';
import { type Figure, sideBySide } from './measure';
import { type BenchHandlerFactory, inFlight, notificationBatch } from './workload';

const NOTIFICATIONS = 200;
const RECIPIENTS = 10;
const CONCURRENT_INVOCATIONS = 4;

/**
 * Handler throughput (signed messages, verification on, certificate cached) against raw UpdateItem
 * throughput at the same concurrency: the same number of recipient-events, the same number of
 * requests in flight, alternately, several rounds.
 */
async function measureHandlerThroughput(endpoint: string, authority: SigningAuthority, makeHandler: BenchHandlerFactory): Promise<Figure[]> {
  const client = localDocumentClientFor(endpoint);
  let round = 0;

  const handlerRound = async () => {
    const handler = makeHandler(await createLocalSuppressionTable(client, 'bench-handler'), endpoint);
    const events = notificationBatch(authority, NOTIFICATIONS, RECIPIENTS, `r${round++}`);
    return () => inFlight(events, CONCURRENT_INVOCATIONS, (event) => handler(event));
  };
  const rawRound = async () => {
    const tableName = await createLocalSuppressionTable(client, 'bench-raw');
    const keys = Array.from({ length: NOTIFICATIONS * RECIPIENTS }, (_, i) => `user${i}@example.com`);
    // The handler writes the recipients of a notification concurrently: as many in flight here.
    return () =>
      inFlight(keys, CONCURRENT_INVOCATIONS * RECIPIENTS, (email) =>
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
  };

  const { a: handlerMs, b: rawMs } = await sideBySide(5, handlerRound, rawRound);
  const recipientEvents = NOTIFICATIONS * RECIPIENTS;
  const ratio = rawMs / handlerMs;
  return [
    { name: 'handler: notifications/s', value: (NOTIFICATIONS / handlerMs) * 1000, unit: '/s' },
    { name: 'handler: recipient-events/s', value: (recipientEvents / handlerMs) * 1000, unit: '/s' },
    { name: 'raw UpdateItem: writes/s, same concurrency', value: (recipientEvents / rawMs) * 1000, unit: '/s' },
    { name: 'handler throughput / raw UpdateItem', value: ratio, unit: 'x', target: '>= 0.8', meets: ratio >= 0.8 },
  ];
}

export { measureHandlerThroughput };
