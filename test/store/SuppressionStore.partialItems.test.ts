import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { removeSuppression } from '../../src/admin/removeSuppression';
import { SuppressionReason, SuppressionStatus } from '../../src/domain/constants';
import { planFollowUp } from '../../src/domain/planWrite';
import { DEFAULT_POLICY } from '../../src/domain/policy';
import type { SuppressionRecord } from '../../src/domain/types';
import { SuppressionChecker } from '../../src/sender/SuppressionChecker';
import { SuppressionStore } from '../../src/store/SuppressionStore';
import { fromItem, recordOf } from '../../src/store/suppressionSchema';
import { writePlanCommand } from '../../src/store/writePlanCommand';
import { recipientEvent, softEvent } from '../helpers/records';
import { createSuppressionTable, localDocumentClient, scanAll } from '../helpers/table';

const EMAIL = 'jane@example.com';

/** A whole item as the store writes it: every attribute a record needs is there. */
const WHOLE = ['email', 'status', 'reason', 'source', 'firstEventAt', 'lastEventAt', 'lastMessageId', 'eventCount', 'decisionKey', 'feedbackIds'];

describe('Partial items', () => {
  const client = localDocumentClient();
  let tableName: string;

  beforeEach(async () => {
    tableName = await createSuppressionTable();
  });

  async function itemOf(email: string): Promise<Record<string, unknown> | undefined> {
    return (await client.send(new GetCommand({ TableName: tableName, Key: { email }, ConsistentRead: true }))).Item;
  }

  it('repairs an item holding only its key on the next bounce, cold and warm', async () => {
    // Prepare: what an adopted table or an orphaned follow-up leaves
    await client.send(new PutCommand({ TableName: tableName, Item: { email: EMAIL } }));

    // Act
    const result = await new SuppressionStore({ tableName, client }).apply(recipientEvent(EMAIL, { eventAt: '2026-02-01T00:00:00.000Z' }));

    // Assess
    expect(result).toBe('applied');
    const item = await itemOf(EMAIL);
    expect(Object.keys(item ?? {})).toEqual(expect.arrayContaining(WHOLE));
    expect(item).toMatchObject({ status: 'suppressed', reason: 'bounce', eventCount: 1, firstEventAt: '2026-02-01T00:00:00.000Z' });
  });

  it.each([['eventCount'], ['decisionKey'], ['feedbackIds'], ['status'], ['firstEventAt'], ['lastEventAt'], ['lastMessageId']])(
    'writes an item missing %s, counting what is missing as zero, and fills it in',
    async (attribute) => {
      // Prepare
      const store = new SuppressionStore({ tableName, client, knownItems: 0 });
      await store.apply(recipientEvent(EMAIL, { eventAt: '2026-01-01T00:00:00.000Z' }));
      const { [attribute]: _dropped, ...partial } = (await itemOf(EMAIL)) as Record<string, unknown>;
      await client.send(new PutCommand({ TableName: tableName, Item: partial }));

      // Act: an older soft event, which neither decides nor is the latest on a whole item
      const result = await store.apply(softEvent(EMAIL));

      // Assess
      expect(result).toBe('applied');
      const item = (await itemOf(EMAIL)) as Record<string, unknown>;
      expect(Object.keys(item)).toEqual(expect.arrayContaining(WHOLE));
      expect(item.eventCount).toBe(attribute === 'eventCount' ? 1 : 2);
    },
  );

  it('reads an item holding only its key as a suppression everywhere, never crashing', async () => {
    // Prepare
    await client.send(new PutCommand({ TableName: tableName, Item: { email: EMAIL } }));

    // Act
    const check = await new SuppressionChecker({ tableName, client }).check(EMAIL);
    const record = await new SuppressionStore({ tableName, client }).get(EMAIL);

    // Assess
    expect(check.outcome).toBe('suppressed');
    expect(record?.status).toBe(SuppressionStatus.SUPPRESSED);
    expect(fromItem({ email: EMAIL, eventCount: 'seven' }).eventCount).toBe(0);
  });

  it('removes an item that has no event count', async () => {
    // Prepare
    await client.send(new PutCommand({ TableName: tableName, Item: { email: EMAIL, status: 'suppressed', reason: 'manual' } }));

    // Act
    const removal = await removeSuppression(client, tableName, EMAIL, { actor: 'ops' });

    // Assess
    expect(removal?.removed.reason).toBe(SuppressionReason.MANUAL);
    expect(recordOf((await itemOf(EMAIL)) ?? {})).toBeUndefined();
  });

  it('never lets the follow-up that trims soft bounces recreate an item removed in between', async () => {
    // Prepare: an item whose soft-bounce history has stale elements (escalation off by window)
    const policy = { ...DEFAULT_POLICY, softBounceThreshold: 3, softBounceWindowDays: 1 };
    const store = new SuppressionStore({ tableName, client, policy });
    await store.apply({ ...softEvent(EMAIL), eventAt: '2026-01-01T00:00:00.000Z' });
    const last = { ...softEvent(EMAIL), eventAt: '2026-03-01T00:00:00.000Z' };
    const after = fromItem((await itemOf(EMAIL)) as Record<string, unknown>);
    // What the event's write left: more bounces, days apart, than escalation keeps (2 x 6)
    const history = Array.from({ length: 13 }, (_, day) => `2026-02-${String(day + 1).padStart(2, '0')}T00:00:00.000Z#d${day}`);
    const grown: SuppressionRecord = { ...after, softBounces: new Set([...(after.softBounces ?? []), ...history]) };
    const followUp = planFollowUp(grown, last, { policy });
    expect(followUp?.remove.length).toBeGreaterThan(0);

    // Act: the operator removes the address between the event's write and its follow-up
    await removeSuppression(client, tableName, EMAIL, { actor: 'ops' });
    const sent = client.send(writePlanCommand(tableName, EMAIL, followUp as NonNullable<typeof followUp>));

    // Assess: the follow-up fails its condition and the release marker stays as it was
    await expect(sent).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    const items = (await scanAll(tableName)).filter((item) => item.email === EMAIL);
    expect(items).toEqual([{ email: EMAIL, releasedAt: expect.any(String) }]);
  });
});
