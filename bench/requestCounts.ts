import { startDynamoProxy } from '../local/dynamoProxy';
import { createLocalSuppressionTable, localDocumentClientFor } from '../local/localDynamo';
import type { SigningAuthority } from '../local/snsSigningAuthority';
import type { Figure } from './measure';
import { type BenchHandlerFactory, notificationBatch, tenantBatch } from './workload';

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

    // Tenanted sends, in time order, on a fresh handler: complaints about tenant A's and tenant B's
    // mail, then a hard bounce (docs/tenants.md). Each adds to the item's tenant set or outranks it.
    proxy.reset();
    const tenantHandler = makeHandler(await createLocalSuppressionTable(localDocumentClientFor(endpoint), 'bench-tenants'), proxy.endpoint);
    for (const event of tenantBatch(authority, 50, 10, 'tenants')) await tenantHandler(event);
    const tenanted = requests();

    const recipientEvents = 100 * 10;
    const tenantEvents = 50 * 10 * 3;
    return [
      { name: 'DynamoDB requests per recipient-event', value: first / recipientEvents, unit: 'req', target: '= 1', meets: first === recipientEvents },
      { name: 'DynamoDB requests per duplicate', value: again / recipientEvents, unit: 'req' },
      {
        name: 'DynamoDB requests per recipient-event, tenanted sends',
        value: tenanted / tenantEvents,
        unit: 'req',
        target: '= 1',
        meets: tenanted === tenantEvents,
      },
    ];
  } finally {
    await proxy.close();
  }
}

export { measureRequestCounts };
