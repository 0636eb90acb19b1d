import { beforeEach, describe, expect, it } from 'vitest';
import { SuppressionStatus } from '../../src/domain/constants';
import { decide } from '../../src/domain/decide';
import { mergeEvent } from '../../src/domain/mergeEvent';
import { parseSesEvent } from '../../src/domain/sesEvent';
import type { RecipientEvent, SuppressionRecord } from '../../src/domain/types';
import { SuppressionStore } from '../../src/store/SuppressionStore';
import { sesBounce, sesComplaint } from '../helpers/factories';
import { createSuppressionTable, localDocumentClient, scanAll } from '../helpers/table';

function eventsOf(ses: Record<string, unknown>): RecipientEvent[] {
  const parsed = parseSesEvent(ses);
  if (parsed.kind === 'ignored') throw new Error('not a bounce or complaint');
  return decide(parsed).events;
}

function only(ses: Record<string, unknown>): RecipientEvent {
  const [event] = eventsOf(ses);
  return event!;
}

describe('Class: SuppressionStore', () => {
  let store: SuppressionStore;
  let tableName: string;

  beforeEach(async () => {
    tableName = await createSuppressionTable();
    store = new SuppressionStore({ tableName, client: localDocumentClient() });
  });

  it('writes a first event with every field the item records', async () => {
    // Act
    const result = await store.apply(only(sesBounce(['Jane <Jane@Example.com>'], { timestamp: '2026-01-01T00:00:00.000Z' })));

    // Assess
    expect(result).toBe('applied');
    const [item] = await scanAll(tableName);
    expect(item).toMatchObject({
      email: 'jane@example.com',
      status: 'suppressed',
      reason: 'bounce',
      bounceType: 'Permanent',
      bounceSubType: 'General',
      dsnStatus: '5.1.1',
      diagnosticCode: 'smtp; 550 5.1.1 user unknown',
      firstEventAt: '2026-01-01T00:00:00.000Z',
      lastEventAt: '2026-01-01T00:00:00.000Z',
      eventCount: 1,
      source: 'ses-event-publishing',
    });
    expect(item?.lastMessageId).toMatch(/^message-/);
    expect(item?.feedbackIds).toBeInstanceOf(Set);
  });

  it('changes nothing on redelivery and reports a duplicate', async () => {
    // Prepare
    const event = only(sesBounce(['jane@example.com']));
    await store.apply(event);
    const before = await scanAll(tableName);

    // Act
    const again = await store.apply(event);

    // Assess
    expect(again).toBe('duplicate');
    expect(await scanAll(tableName)).toEqual(before);
  });

  it('counts a second distinct event for the same address', async () => {
    // Prepare
    await store.apply(only(sesBounce(['jane@example.com'], { timestamp: '2026-01-01T00:00:00.000Z' })));

    // Act
    await store.apply(only(sesComplaint(['jane@example.com'], { feedbackType: 'abuse', timestamp: '2026-01-02T00:00:00.000Z' })));

    // Assess
    const [item] = await scanAll(tableName);
    expect(item).toMatchObject({ eventCount: 2, reason: 'complaint', firstEventAt: '2026-01-01T00:00:00.000Z', lastEventAt: '2026-01-02T00:00:00.000Z' });
    expect(item?.bounceType).toBeUndefined();
    expect((item?.feedbackIds as Set<string> | undefined)?.size).toBe(2);
  });

  it('keeps an address suppressed whichever comes first, a hard bounce or a soft one', async () => {
    // Prepare
    const hard = only(sesBounce(['a@example.com'], { timestamp: '2026-01-01T00:00:00.000Z' }));
    const soft = only(sesBounce(['a@example.com'], { bounceType: 'Transient', bounceSubType: 'MailboxFull', timestamp: '2026-01-02T00:00:00.000Z' }));
    const otherTable = await createSuppressionTable();
    const other = new SuppressionStore({ tableName: otherTable, client: localDocumentClient() });

    // Act
    await store.apply(hard);
    await store.apply(soft);
    await other.apply(soft);
    await other.apply(hard);

    // Assess
    const [inOrder] = await scanAll(tableName);
    const [reversed] = await scanAll(otherTable);
    expect(inOrder).toMatchObject({ status: 'suppressed', bounceType: 'Permanent', eventCount: 2, lastEventAt: '2026-01-02T00:00:00.000Z' });
    expect(reversed).toEqual(inOrder);
  });

  it('ends with the same item for every order of arrival, as mergeEvent specifies', async () => {
    // Prepare: a soft bounce, a hard bounce, a complaint, a not-spam complaint, two at the same instant
    const events = [
      only(sesBounce(['x@example.com'], { bounceType: 'Transient', timestamp: '2026-03-01T00:00:00.000Z' })),
      only(sesBounce(['x@example.com'], { timestamp: '2026-03-02T00:00:00.000Z' })),
      only(sesComplaint(['x@example.com'], { timestamp: '2026-03-02T00:00:00.000Z' })),
      only(sesComplaint(['x@example.com'], { feedbackType: 'not-spam', timestamp: '2026-03-04T00:00:00.000Z' })),
    ];
    const expected = events.reduce<SuppressionRecord | undefined>((record, event) => mergeEvent(record, event) ?? record, undefined);

    // Act
    const finals: unknown[] = [];
    for (const order of permutations(events.map((_, i) => i))) {
      const table = await createSuppressionTable();
      const s = new SuppressionStore({ tableName: table, client: localDocumentClient() });
      for (const i of order) await s.apply(events[i]!);
      finals.push((await scanAll(table))[0]);
    }

    // Assess
    expect(finals).toHaveLength(24);
    for (const item of finals) expect(item).toEqual(finals[0]);
    expect(finals[0]).toMatchObject({
      status: SuppressionStatus.SUPPRESSED,
      eventCount: 4,
      firstEventAt: expected?.firstEventAt,
      lastEventAt: '2026-03-04T00:00:00.000Z',
      reason: expected?.reason,
      decisionKey: expected?.decisionKey,
    });
  });
});

function* permutations(items: number[]): Generator<number[]> {
  if (items.length <= 1) {
    yield items;
    return;
  }
  for (let i = 0; i < items.length; i++) {
    const rest = [...items.slice(0, i), ...items.slice(i + 1)];
    for (const tail of permutations(rest)) yield [items[i]!, ...tail];
  }
}
