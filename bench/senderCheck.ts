import { BatchWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { startDynamoProxy } from '../local/dynamoProxy';
import { createLocalSuppressionTable, localDocumentClientFor } from '../local/localDynamo';
import { SuppressionChecker } from '../src/sender/SuppressionChecker';
import { Attr, PARTITION_KEY } from '../src/store/suppressionSchema';
import { type Figure, sideBySide } from './measure';
import { inFlight } from './workload';

const ADDRESSES = 1000;
const IN_FLIGHT = 10;

/** The sender check of 1,000 recipients (BatchGetItem) against one GetItem per address. */
async function measureSenderCheck(endpoint: string): Promise<Figure[]> {
  const proxy = await startDynamoProxy(endpoint);
  try {
    const client = localDocumentClientFor(proxy.endpoint);
    const tableName = await createLocalSuppressionTable(client, 'bench-sender');
    const addresses = Array.from({ length: ADDRESSES }, (_, i) => `customer${i}@example.com`);
    // Every other address is suppressed.
    const items = addresses.filter((_, i) => i % 2 === 0).map((email) => ({ [PARTITION_KEY]: email, [Attr.STATUS]: 'suppressed', [Attr.REASON]: 'bounce' }));
    for (let i = 0; i < items.length; i += 25) {
      await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
    }
    const checker = new SuppressionChecker({ tableName, client });
    const requests = (): number => proxy.requests.length;

    proxy.reset();
    const checked = await checker.checkMany(addresses);
    const batchRequests = requests();
    proxy.reset();
    await inFlight(addresses, IN_FLIGHT, (email) => client.send(new GetCommand({ TableName: tableName, Key: { [PARTITION_KEY]: email } })));
    const getRequests = requests();
    const blocked = checked.filter((check) => check.outcome === 'suppressed').length;
    if (blocked !== ADDRESSES / 2) throw new Error(`sender check found ${blocked} suppressed addresses, expected ${ADDRESSES / 2}`);

    const { batch: batchMs, get: getMs } = await sideBySide(7, {
      batch: async () => () => checker.checkMany(addresses),
      get: async () => () => inFlight(addresses, IN_FLIGHT, (email) => client.send(new GetCommand({ TableName: tableName, Key: { [PARTITION_KEY]: email } }))),
    });
    const fewer = getRequests / batchRequests;
    return [
      { name: 'sender check of 1,000: requests (BatchGetItem)', value: batchRequests, unit: 'req' },
      { name: 'one GetItem per address: requests', value: getRequests, unit: 'req' },
      { name: 'requests saved by the batch check', value: fewer, unit: 'x', target: '>= 50', meets: fewer >= 50 },
      { name: 'sender check of 1,000: time', value: batchMs, unit: 'ms' },
      { name: 'one GetItem per address (10 in flight): time', value: getMs, unit: 'ms' },
      { name: 'time saved by the batch check', value: getMs / batchMs, unit: 'x' },
    ];
  } finally {
    await proxy.close();
  }
}

export { measureSenderCheck };
