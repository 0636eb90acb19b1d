import { startDynamoProxy } from '../local/dynamoProxy';
import { createLocalSuppressionTable, localDocumentClientFor } from '../local/localDynamo';
import type { SigningAuthority } from '../local/snsSigningAuthority';
import type { Figure } from './measure';
import { type BenchHandlerFactory, notificationBatch } from './workload';

/** DynamoDB requests per recipient-event and per duplicate, counted at the endpoint (a proxy). */
async function measureRequestCounts(endpoint: string, authority: SigningAuthority, makeHandler: BenchHandlerFactory): Promise<Figure[]> {
  const proxy = await startDynamoProxy(endpoint);
  try {
    const handler = makeHandler(await createLocalSuppressionTable(localDocumentClientFor(endpoint), 'bench-requests'), proxy.endpoint);
    const events = notificationBatch(authority, 100, 10, 'count');
    const requests = (): number => proxy.requests.length;

    for (const event of events) await handler(event);
    const first = requests();
    proxy.reset();
    for (const event of events) await handler(event);
    const again = requests();

    const recipientEvents = 100 * 10;
    return [
      { name: 'DynamoDB requests per recipient-event', value: first / recipientEvents, unit: 'req', target: '= 1', meets: first === recipientEvents },
      { name: 'DynamoDB requests per duplicate', value: again / recipientEvents, unit: 'req' },
    ];
  } finally {
    await proxy.close();
  }
}

export { measureRequestCounts };
