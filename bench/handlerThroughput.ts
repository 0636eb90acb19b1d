import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createLocalSuppressionTable, localDocumentClientFor } from '../local/localDynamo';
import { PARTITION_KEY } from '../src/store/suppressionSchema';
import type { Figure } from './measure';
import { sideBySide } from './measure';
import { type BenchHandlerFactory, notificationBatch } from './workload';

/**
 * Handler throughput against raw UpdateItem throughput at the same concurrency: the same number of
 * recipient-events, the same number of requests in flight, one after the other, several rounds.
 */
async function measureHandlerThroughput(endpoint: string, makeHandler: BenchHandlerFactory): Promise<Figure[]> {
  const notifications = 200;
  const recipientsPerNotification = 10;
  const concurrentInvocations = 4;
  const client = localDocumentClientFor(endpoint);
  let round = 0;

  const runHandler = async (): Promise<void> => {
    const tableName = await createLocalSuppressionTable(client, 'bench-handler');
    const handler = makeHandler(tableName, endpoint);
    const events = notificationBatch(notifications, recipientsPerNotification, `r${round++}`);
    await inFlight(events, concurrentInvocations, (event) => handler(event));
  };
  const runRaw = async (): Promise<void> => {
    const tableName = await createLocalSuppressionTable(client, 'bench-raw');
    const keys = Array.from({ length: notifications * recipientsPerNotification }, (_, i) => `user${i}@example.com`);
    // The handler writes the recipients of one notification concurrently: as many in flight here.
    await inFlight(keys, concurrentInvocations * recipientsPerNotification, (email) =>
      client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { [PARTITION_KEY]: email },
          UpdateExpression: 'SET #s = :s ADD #c :one',
          ExpressionAttributeNames: { '#s': 'status', '#c': 'eventCount' },
          ExpressionAttributeValues: { ':s': 'suppressed', ':one': 1 },
        }),
      ),
    );
  };

  await runHandler();
  await runRaw();
  const { a: handlerMs, b: rawMs } = await sideBySide(5, runHandler, runRaw);
  const recipientEvents = notifications * recipientsPerNotification;
  const ratio = rawMs / handlerMs;
  return [
    { name: 'handler: notifications/s', value: (notifications / handlerMs) * 1000, unit: '/s' },
    { name: 'handler: recipient-events/s', value: (recipientEvents / handlerMs) * 1000, unit: '/s' },
    { name: 'raw UpdateItem: writes/s (same concurrency)', value: (recipientEvents / rawMs) * 1000, unit: '/s' },
    { name: 'handler throughput / raw UpdateItem', value: ratio, unit: 'x', target: '>= 0.8', meets: ratio >= 0.8 },
  ];
}

async function inFlight<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

export { inFlight, measureHandlerThroughput };
