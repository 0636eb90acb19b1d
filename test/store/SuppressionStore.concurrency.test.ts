import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type DynamoProxy, startDynamoProxy } from '../../local/dynamoProxy';
import { itemSize } from '../../local/itemSize';
import { decide } from '../../src/domain/decide';
import { feedbackDigest } from '../../src/domain/feedbackDigest';
import { mergeEvent } from '../../src/domain/mergeEvent';
import { DEFAULT_POLICY, type SuppressionPolicy } from '../../src/domain/policy';
import { parseSesEvent } from '../../src/domain/sesEvent';
import { newestSoftBounces } from '../../src/domain/softBounces';
import type { RecipientEvent, SuppressionRecord } from '../../src/domain/types';
import { SuppressionStore } from '../../src/store/SuppressionStore';
import { fromItem } from '../../src/store/suppressionSchema';
import { sesBounce, sesComplaint } from '../helpers/factories';
import { comparable } from '../helpers/writePlanModel';
import { createSuppressionTable, localDocumentClient, scanAll } from '../helpers/table';

const START = Date.UTC(2026, 6, 1);
const MINUTE = 60_000;

function only(ses: Record<string, unknown>, policy: SuppressionPolicy = DEFAULT_POLICY): RecipientEvent {
  const parsed = parseSesEvent(ses);
  if (parsed.kind === 'ignored') throw new Error('ignored');
  return decide(parsed, policy).events[0]!;
}

/** `count` distinct events for one address, a mix of soft and hard, minutes apart, SES-length ids. */
function mixedEvents(address: string, count: number): RecipientEvent[] {
  return Array.from({ length: count }, (_, i) => {
    const options = { timestamp: new Date(START + i * MINUTE).toISOString(), feedbackId: `0100018d${String(i).padStart(8, '0')}-61b59c11-9236-11e6-8f96-7be8aexample-000000` };
    if (i % 5 === 2) return only(sesComplaint([address], { ...options, feedbackType: i % 10 === 2 ? 'abuse' : 'not-spam' }));
    return only(sesBounce([address], i % 3 === 0 ? options : { ...options, bounceType: 'Transient', bounceSubType: 'MailboxFull' }));
  });
}

function fold(events: readonly RecipientEvent[], policy: SuppressionPolicy = DEFAULT_POLICY): SuppressionRecord | undefined {
  return events.reduce<SuppressionRecord | undefined>((record, event) => mergeEvent(record, event, { policy }) ?? record, undefined);
}

/** What concurrency must not change: all but the split of digests between generations. */
function settled(record: SuppressionRecord | undefined) {
  const all = comparable(record) ?? {};
  const { feedbackIds, previousFeedbackIds, ...rest } = all as { feedbackIds?: string[]; previousFeedbackIds?: string[] };
  return { ...rest, digests: [...(feedbackIds ?? []), ...(previousFeedbackIds ?? [])].sort() };
}

describe('Class: SuppressionStore, under contention and disorder', () => {
  let proxy: DynamoProxy;
  beforeAll(async () => {
    proxy = await startDynamoProxy(inject('dynamoEndpoint'));
  });
  afterAll(() => proxy.close());

  it.each([16, 64])('applies %i distinct events for one address at once, each from a store of its own: none fails, the item is mergeEvent of them all', { timeout: 120_000 }, async (count) => {
    // Prepare: no escalation here, so the item is exactly mergeEvent whatever the interleaving
    const policy = { ...DEFAULT_POLICY, softBounceThreshold: 0 };
    const events = mixedEvents('hot@example.com', count);
    const tableName = await createSuppressionTable();
    proxy.reset();

    // Act: every event from a fresh store, as from separate Lambda containers that know nothing
    const results = await Promise.allSettled(events.map((event) => new SuppressionStore({ tableName, client: localDocumentClient(proxy.endpoint, 1), policy }).apply(event)));

    // Assess
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(results.map((r) => (r as PromiseFulfilledResult<string>).value)).toEqual(events.map(() => 'applied'));
    const [item] = await scanAll(tableName);
    expect(settled(fromItem(item!))).toEqual(settled(fold(events, policy)));
    expect(item?.eventCount).toBe(count);
    // With no store knowing the item, each event pays a guess and then the facts it loses to
    // faster writers; a store that remembers its items does better (see the benchmark).
    expect(proxy.count('UpdateItem') / count).toBeLessThan(3);
  });

  it('escalates under contention: 16 transient bounces of one address at once suppress it, as mergeEvent says', async () => {
    // Prepare: threshold 3 within 7 days; 16 bounces an hour apart
    const events = Array.from({ length: 16 }, (_, i) =>
      only(sesBounce(['flaky@example.com'], { bounceType: 'Transient', bounceSubType: 'MailboxFull', timestamp: new Date(START + i * 60 * MINUTE).toISOString() })),
    );
    const tableName = await createSuppressionTable();

    // Act
    const results = await Promise.all(events.map((event) => new SuppressionStore({ tableName, client: localDocumentClient() }).apply(event)));

    // Assess
    expect(results).toEqual(events.map(() => 'applied'));
    const [item] = await scanAll(tableName);
    const expected = fold(events);
    expect(item).toMatchObject({ status: 'suppressed', reason: 'soft_bounce_threshold', eventCount: 16, decisionKey: expected?.decisionKey });
    // The escalation ranks as the latest bounce, whichever arrived last.
    expect(item?.decisionKey).toBe(`1#${events[15]!.eventAt}#${feedbackDigest(events[15]!.feedbackId)}`);
    // When old elements are dropped depends on the interleaving; the newest, which decide, do not.
    expect(newestSoftBounces(fromItem(item!).softBounces ?? [], DEFAULT_POLICY)).toEqual(newestSoftBounces(expected?.softBounces ?? [], DEFAULT_POLICY));
    expect(newestSoftBounces(expected?.softBounces ?? [], DEFAULT_POLICY)).toHaveLength(6);
  });

  it('does not escalate under contention when the bounces are spread wider than the window', async () => {
    // Prepare: 8 bounces 4 days apart: never 3 within 7 days
    const events = Array.from({ length: 8 }, (_, i) =>
      only(sesBounce(['slow@example.com'], { bounceType: 'Transient', timestamp: new Date(START + i * 4 * 1440 * MINUTE).toISOString() })),
    );
    const tableName = await createSuppressionTable();

    // Act
    await Promise.all(events.map((event) => new SuppressionStore({ tableName, client: localDocumentClient() }).apply(event)));

    // Assess
    const [item] = await scanAll(tableName);
    expect(item).toMatchObject({ status: 'soft', reason: 'transient_bounce', eventCount: 8 });
  });

  it('ends with the same items for in-order, shuffled and reversed arrival, at few requests per event', { timeout: 120_000 }, async () => {
    // Prepare: 30 addresses × 4 events (soft, hard, complaint, soft), one store as in one container
    const addresses = Array.from({ length: 30 }, (_, i) => `order${i}@example.com`);
    const events = addresses.flatMap((address, a) =>
      [0, 1, 2, 3].map((k) => {
        const options = { timestamp: new Date(START + (a * 4 + k) * MINUTE).toISOString() };
        if (k === 1) return only(sesBounce([address], options));
        if (k === 2) return only(sesComplaint([address], options));
        return only(sesBounce([address], { ...options, bounceType: 'Transient' }));
      }),
    );
    let seed = 7;
    const random = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const shuffled = events.map((e) => [random(), e] as const).sort((a, b) => a[0] - b[0]).map(([, e]) => e);
    const orders = { inOrder: events, shuffled, reversed: [...events].reverse() };

    // Act
    const tables: Record<string, unknown[]> = {};
    const requests: Record<string, number> = {};
    for (const [name, order] of Object.entries(orders)) {
      const tableName = await createSuppressionTable();
      const store = new SuppressionStore({ tableName, client: localDocumentClient(proxy.endpoint) });
      proxy.reset();
      for (const event of order) await store.apply(event);
      requests[name] = proxy.count('UpdateItem') / order.length;
      tables[name] = await scanAll(tableName);
    }

    // Assess
    expect(tables.shuffled).toEqual(tables.inOrder);
    expect(tables.reversed).toEqual(tables.inOrder);
    const first = fromItem(tables.inOrder![0] as Record<string, unknown>);
    expect(comparable(first)).toEqual(comparable(fold(events.filter((e) => e.email === first.email))));
    expect(requests).toEqual({ inOrder: 1, shuffled: expect.any(Number), reversed: 1 });
    expect(requests.shuffled).toBeLessThanOrEqual(1.3);
  });

  it('keeps an item of 2,000 events within 3 KB as DynamoDB sizes it, and still spots recent redeliveries', { timeout: 120_000 }, async () => {
    // Prepare: SES-length ids and a realistic diagnostic, a few in flight as concurrent invocations would be
    const diagnostic = 'smtp; 452 4.2.2 The email account that you tried to reach is over quota. Please direct the recipient to https://support.example.com/mail/?p=422 - gsmtp';
    const events = Array.from({ length: 2000 }, (_, i) =>
      only(
        sesBounce([{ emailAddress: 'heavy@example.com', action: 'delayed', status: '4.2.2', diagnosticCode: diagnostic }], {
          bounceType: i % 2 === 0 ? 'Transient' : 'Permanent',
          bounceSubType: 'MailboxFull',
          timestamp: new Date(START + i * MINUTE).toISOString(),
          feedbackId: `0100018d${String(i).padStart(8, '0')}-61b59c11-9236-11e6-8f96-7be8aexample-000000`,
        }),
      ),
    );
    const tableName = await createSuppressionTable();
    const store = new SuppressionStore({ tableName, client: localDocumentClient() });

    // Act
    for (let i = 0; i < events.length; i += 4) await Promise.all(events.slice(i, i + 4).map((e) => store.apply(e)));
    const redelivered = await Promise.all([events[1999]!, events[1960]!].map((e) => new SuppressionStore({ tableName, client: localDocumentClient() }).apply(e)));

    // Assess
    const [item] = await scanAll(tableName);
    expect(item?.eventCount).toBe(2000);
    expect(redelivered).toEqual(['duplicate', 'duplicate']);
    expect(itemSize(item!)).toBeLessThanOrEqual(3072);
  });
});
