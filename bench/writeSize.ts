import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { itemSize } from '../local/itemSize';
import { createLocalSuppressionTable, localDocumentClientFor } from '../local/localDynamo';
import { MAX_DIAGNOSTIC_LENGTH, RecordSource, SuppressionReason, SuppressionStatus } from '../src/domain/constants';
import type { RecipientEvent } from '../src/domain/types';
import { SuppressionStore } from '../src/store/SuppressionStore';
import { PARTITION_KEY } from '../src/store/suppressionSchema';
import type { Figure } from './measure';
import { inFlight } from './workload';

const EVENTS = 2000;

/**
 * The size of the item of an address after 2,000 events (SES-length feedback ids, transient and
 * permanent bounces alternating so that escalation keeps its bounce set), as DynamoDB bills it:
 * every later write to the address costs ⌈size / 1 KB⌉ write units. Once with a typical SMTP
 * diagnostic, once with the longest one kept.
 */
async function measureWriteSize(endpoint: string): Promise<Figure[]> {
  const client = localDocumentClientFor(endpoint);
  const figures: Figure[] = [];
  const diagnostics = {
    'typical diagnostic':
      'smtp; 452 4.2.2 The email account that you tried to reach is over quota. Please direct the recipient to https://support.example.com/mail/?p=422 - gsmtp',
    'longest diagnostic kept': 'x'.repeat(MAX_DIAGNOSTIC_LENGTH),
  };
  for (const [label, diagnosticCode] of Object.entries(diagnostics)) {
    const tableName = await createLocalSuppressionTable(client, 'bench-size');
    const store = new SuppressionStore({ tableName, client });
    const events: RecipientEvent[] = Array.from({ length: EVENTS }, (_, i) => {
      const soft = i % 2 === 0;
      return {
        email: 'heavy@example.com',
        feedbackId: `0100018d${String(i).padStart(8, '0')}-61b59c11-9236-11e6-8f96-7be8aexample-000000`,
        eventAt: new Date(Date.UTC(2026, 10, 1) + i * 600_000).toISOString(),
        messageId: `0100018d${String(i).padStart(8, '0')}-4d7a5b1e-3f1c-4a5e-9b7c-2a1d3e4f5a6b-000000`,
        source: RecordSource.EVENT_PUBLISHING,
        status: soft ? SuppressionStatus.SOFT : SuppressionStatus.SUPPRESSED,
        reason: soft ? SuppressionReason.TRANSIENT_BOUNCE : SuppressionReason.BOUNCE,
        bounceType: soft ? 'Transient' : 'Permanent',
        bounceSubType: soft ? 'MailboxFull' : 'General',
        dsnStatus: soft ? '4.2.2' : '5.1.1',
        diagnosticCode,
      };
    });
    await inFlight(events, 4, (event) => store.apply(event));
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: { [PARTITION_KEY]: 'heavy@example.com' }, ConsistentRead: true }));
    const bytes = itemSize(Item ?? {});
    figures.push(
      { name: `item of an address after 2,000 events, ${label}`, value: bytes, unit: 'bytes', target: '<= 3072', meets: bytes <= 3072 },
      { name: `write units per later write to it, ${label}`, value: Math.ceil(bytes / 1024), unit: 'WCU' },
    );
  }
  figures.push(...(await measureTenantItemSize(client)));
  return figures;
}

/**
 * The item of an address suppressed for 100 tenants: a complaint about each tenant's mail
 * (tenant names of typical length), then a hard bounce, through the store (docs/tenants.md).
 */
async function measureTenantItemSize(client: ReturnType<typeof localDocumentClientFor>): Promise<Figure[]> {
  const tableName = await createLocalSuppressionTable(client, 'bench-size-tenants');
  const store = new SuppressionStore({ tableName, client });
  const events: RecipientEvent[] = Array.from({ length: 101 }, (_, i) => {
    const bounce = i === 100;
    return {
      email: 'shared@example.com',
      feedbackId: `0100018d${String(i).padStart(8, '0')}-61b59c11-9236-11e6-8f96-7be8aexample-000000`,
      eventAt: new Date(Date.UTC(2026, 10, 1) + i * 600_000).toISOString(),
      messageId: `0100018d${String(i).padStart(8, '0')}-4d7a5b1e-3f1c-4a5e-9b7c-2a1d3e4f5a6b-000000`,
      source: RecordSource.EVENT_PUBLISHING,
      ...(bounce
        ? { status: SuppressionStatus.SUPPRESSED, reason: SuppressionReason.BOUNCE, bounceType: 'Permanent', bounceSubType: 'General', dsnStatus: '5.1.1' }
        : {
            status: SuppressionStatus.SOFT,
            reason: SuppressionReason.COMPLAINT,
            complaintFeedbackType: 'abuse',
            tenant: `customer-${String(i).padStart(4, '0')}`,
          }),
    };
  });
  await inFlight(events, 4, (event) => store.apply(event));
  const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: { [PARTITION_KEY]: 'shared@example.com' }, ConsistentRead: true }));
  const bytes = itemSize(Item ?? {});
  const tenants = Item?.tenants instanceof Set ? Item.tenants.size : 0;
  return [
    { name: `item of an address suppressed for ${tenants} tenants`, value: bytes, unit: 'bytes', target: '<= 3072', meets: tenants === 100 && bytes <= 3072 },
  ];
}

export { measureWriteSize };
