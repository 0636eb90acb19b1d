import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { manualEvent } from '../../src/admin/operatorEvent';
import { removeSuppression } from '../../src/admin/removeSuppression';
import { restoreRecord } from '../../src/admin/restoreRecord';
import { RecordSource, SuppressionReason, SuppressionStatus } from '../../src/domain/constants';
import { mergeEvent } from '../../src/domain/mergeEvent';
import type { RecipientEvent, SuppressionRecord } from '../../src/domain/types';
import { SuppressionStore } from '../../src/store/SuppressionStore';
import { fromItem, isReleaseMarker } from '../../src/store/suppressionSchema';
import { createSuppressionTable, localDocumentClient } from '../helpers/table';
import { comparable } from '../helpers/writePlanModel';

const START = Date.UTC(2026, 5, 1);
const HOUR = 3_600_000;

/** The attributes every item the store writes holds; a release marker holds only the key and `releasedAt`. */
const WHOLE = ['email', 'status', 'reason', 'source', 'firstEventAt', 'lastEventAt', 'lastMessageId', 'eventCount', 'decisionKey', 'feedbackIds'];

const KINDS = [
  { status: SuppressionStatus.SUPPRESSED, reason: SuppressionReason.BOUNCE, bounceType: 'Permanent', bounceSubType: 'General' },
  { status: SuppressionStatus.SOFT, reason: SuppressionReason.TRANSIENT_BOUNCE, bounceType: 'Transient', bounceSubType: 'MailboxFull' },
  { status: SuppressionStatus.SUPPRESSED, reason: SuppressionReason.COMPLAINT, complaintFeedbackType: 'abuse' },
  { status: SuppressionStatus.SOFT, reason: SuppressionReason.NOT_SPAM_COMPLAINT, complaintFeedbackType: 'not-spam' },
] as const;

/** One step on one address. Times are hours after START; the step's own clock is its index. */
type Step =
  | { op: 'event'; kind: number; hoursBefore: number; store: 'warm1' | 'warm2' | 'cold' }
  | { op: 'redeliver'; pick: number; store: 'warm1' | 'warm2' | 'cold' }
  | { op: 'add' }
  | { op: 'remove' }
  | { op: 'restore'; pick: number }
  | { op: 'expire' };

const storeArb = fc.constantFrom('warm1' as const, 'warm2' as const, 'cold' as const);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('event' as const), kind: fc.nat(3), hoursBefore: fc.integer({ min: -1, max: 30 }), store: storeArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('redeliver' as const), pick: fc.nat(), store: storeArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('add' as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('remove' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('restore' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('expire' as const) }) },
);

let run = 0;

describe('SuppressionStore, under any interleaving of handler writes and operator commands', () => {
  const client = localDocumentClient();
  let tableName: string;

  beforeAll(async () => {
    tableName = await createSuppressionTable();
  });

  async function itemOf(email: string): Promise<Record<string, unknown> | undefined> {
    return (await client.send(new GetCommand({ TableName: tableName, Key: { email }, ConsistentRead: true }))).Item;
  }

  it('leaves an item mergeEvent explains (absent, a release marker or whole) that the next event always writes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 9 }), async (steps) => {
        const email = `p${run++}@example.com`;
        const stores = { warm1: new SuppressionStore({ tableName, client }), warm2: new SuppressionStore({ tableName, client }) };
        const storeOf = (which: 'warm1' | 'warm2' | 'cold') => (which === 'cold' ? new SuppressionStore({ tableName, client }) : stores[which]);
        const sent: RecipientEvent[] = [];
        const backups: SuppressionRecord[] = [];
        const forgotten = new Set<string>();
        // The model: what mergeEvent makes of the same steps (a marker read as fromItem reads it).
        let model: SuppressionRecord | undefined;

        for (const [clock, step] of steps.entries()) {
          const now = new Date(START + clock * HOUR).toISOString();
          if (step.op === 'event' || step.op === 'redeliver' || step.op === 'add') {
            let event: RecipientEvent;
            if (step.op === 'add') event = manualEvent(email, SuppressionReason.MANUAL, now);
            else if (step.op === 'redeliver' && sent.length > 0) event = sent[step.pick % sent.length] as RecipientEvent;
            else {
              const kind = KINDS[step.op === 'event' ? step.kind : 0] as (typeof KINDS)[number];
              const hoursBefore = step.op === 'event' ? step.hoursBefore : 0;
              event = {
                email,
                feedbackId: `fb-${email}-${clock}`,
                eventAt: new Date(START + (clock - hoursBefore) * HOUR).toISOString(),
                messageId: `m-${clock % 3}`,
                source: RecordSource.EVENT_PUBLISHING,
                ...kind,
              };
            }
            sent.push(event);
            await storeOf(step.op === 'add' ? 'cold' : step.store).apply(event);
            const applied = mergeEvent(model, event) ?? model;
            // An expiry (a delete) forgets the events before it: a container that remembers one
            // takes its redelivery as a duplicate, one that does not writes it anew. Either is sound.
            if (step.op === 'redeliver' && forgotten.has(event.feedbackId)) {
              const item = await itemOf(email);
              const actual = comparable(item === undefined ? undefined : fromItem(item));
              expect([comparable(model), comparable(applied)]).toContainEqual(actual);
              if (JSON.stringify(actual) !== JSON.stringify(comparable(model))) model = applied;
            } else model = applied;
          } else if (step.op === 'remove') {
            const removal = await removeSuppression(client, tableName, email, { actor: 'ops', now: () => new Date(now) });
            const isRecord = model !== undefined && model.status !== undefined;
            expect(removal !== undefined).toBe(isRecord);
            if (isRecord) model = fromItem({ email, releasedAt: now });
          } else if (step.op === 'restore') {
            if (backups.length === 0) continue;
            const backup = backups[step.pick % backups.length] as SuppressionRecord;
            const result = await restoreRecord(client, tableName, backup);
            if (model === undefined) model = backup;
            else expect(result).not.toBe('restored');
          } else {
            // TTL deletes only an item whose expiresAt has passed; a release marker has none, so it
            // never expires (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html).
            const current = await itemOf(email);
            if (current !== undefined && isReleaseMarker(current)) continue;
            await client.send(new DeleteCommand({ TableName: tableName, Key: { email } }));
            for (const event of sent) forgotten.add(event.feedbackId);
            model = undefined;
          }

          const item = await itemOf(email);
          if (item !== undefined && !isReleaseMarker(item)) {
            expect(Object.keys(item)).toEqual(expect.arrayContaining(WHOLE));
            backups.push(fromItem(item));
          }
          expect(comparable(item === undefined ? undefined : fromItem(item))).toEqual(comparable(model));
        }

        // Never unwritable: an event newer than every step is written, warm or cold.
        const last: RecipientEvent = {
          email,
          feedbackId: `fb-${email}-last`,
          eventAt: new Date(START + steps.length * HOUR).toISOString(),
          messageId: 'm-last',
          source: RecordSource.EVENT_PUBLISHING,
          ...(KINDS[0] as (typeof KINDS)[number]),
        };
        expect(await stores.warm1.apply(last)).toBe('applied');
        const final = await itemOf(email);
        expect(Object.keys(final ?? {})).toEqual(expect.arrayContaining(WHOLE));
        expect(comparable(fromItem(final ?? {}))).toEqual(comparable(mergeEvent(model, last)));
      }),
      { numRuns: 40 },
    );
  }, 240_000);
});
