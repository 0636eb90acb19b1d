import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { decide } from '../../src/domain/decide';
import { DEFAULT_POLICY, type SuppressionPolicy } from '../../src/domain/policy';
import { parseSesEvent } from '../../src/domain/sesEvent';
import type { RecipientEvent } from '../../src/domain/types';
import { SuppressionStore } from '../../src/store/SuppressionStore';
import { sesBounce, sesComplaint } from '../helpers/factories';
import { type DynamoProxy, startDynamoProxy } from '../../local/dynamoProxy';
import { createSuppressionTable, localDocumentClient, scanAll } from '../helpers/table';

const DAY = 86_400_000;
const START = Date.UTC(2026, 5, 1);
const at = (days: number): string => new Date(START + days * DAY).toISOString();

function transient(address: string, days: number, policy: SuppressionPolicy = DEFAULT_POLICY, status = '4.2.2'): RecipientEvent {
  const parsed = parseSesEvent(
    sesBounce([{ emailAddress: address, status, diagnosticCode: `smtp; 452 ${status} mailbox full` }], { bounceType: 'Transient', bounceSubType: 'MailboxFull', timestamp: at(days) }),
  );
  if (parsed.kind === 'ignored') throw new Error('ignored');
  return decide(parsed, policy).events[0]!;
}

async function applyAll(policy: SuppressionPolicy, events: RecipientEvent[], endpoint?: string) {
  const tableName = await createSuppressionTable();
  const store = new SuppressionStore({ tableName, client: localDocumentClient(endpoint), policy });
  for (const event of events) await store.apply(event);
  return scanAll(tableName);
}

describe('Class: SuppressionStore, with a suppression policy', () => {
  let proxy: DynamoProxy;
  beforeAll(async () => {
    proxy = await startDynamoProxy(inject('dynamoEndpoint'));
  });
  afterAll(() => proxy.close());

  describe('soft-bounce escalation (defaults N=3 within D=7 days)', () => {
    it('keeps N-1 transient bounces soft', async () => {
      const [item] = await applyAll(DEFAULT_POLICY, [transient('a@example.com', 0), transient('a@example.com', 1)]);
      expect(item).toMatchObject({ status: 'soft', reason: 'transient_bounce', eventCount: 2 });
    });

    it('suppresses at the N-th within the window, the last one exactly D days after the first', async () => {
      const [item] = await applyAll(DEFAULT_POLICY, [transient('a@example.com', 0), transient('a@example.com', 3), transient('a@example.com', 7)]);
      expect(item).toMatchObject({ status: 'suppressed', reason: 'soft_bounce_threshold', bounceType: 'Transient', eventCount: 3 });
    });

    it('does not suppress when the N-th falls just outside the window', async () => {
      const events = [transient('a@example.com', 0), transient('a@example.com', 3), transient('a@example.com', 7.001)];
      const [item] = await applyAll(DEFAULT_POLICY, events);
      expect(item).toMatchObject({ status: 'soft', reason: 'transient_bounce', eventCount: 3 });
    });

    it('suppresses whatever the order of arrival', async () => {
      const events = [transient('a@example.com', 5), transient('a@example.com', 0), transient('a@example.com', 2)];
      for (const order of [[0, 1, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]) {
        const [item] = await applyAll(DEFAULT_POLICY, order.map((i) => events[i]!));
        expect(item).toMatchObject({ status: 'suppressed', reason: 'soft_bounce_threshold', eventCount: 3, firstEventAt: at(0), lastEventAt: at(5) });
      }
    });

    it('is off with N=0, and N=1 suppresses at the first transient bounce', async () => {
      const off = { ...DEFAULT_POLICY, softBounceThreshold: 0 };
      const [never] = await applyAll(off, [0, 1, 2, 3, 4].map((d) => transient('a@example.com', d, off)));
      expect(never).toMatchObject({ status: 'soft', eventCount: 5 });
      expect(never?.softBounces).toBeUndefined();
      const one = { ...DEFAULT_POLICY, softBounceThreshold: 1 };
      const [first] = await applyAll(one, [transient('a@example.com', 0, one)]);
      expect(first).toMatchObject({ status: 'suppressed', reason: 'soft_bounce_threshold' });
    });

    it('keeps one UpdateItem per recipient-event until a bounce could complete the threshold', async () => {
      // Prepare
      proxy.reset();

      // Act
      await applyAll(DEFAULT_POLICY, [transient('a@example.com', 0), transient('a@example.com', 1)], proxy.endpoint);
      const beforeThreshold = proxy.count('UpdateItem');

      // Assess
      expect(beforeThreshold).toBe(2);
    });
  });

  describe('DSN override', () => {
    it.each(['5.1.1', '5.1.2', '5.1.10'])('treats a Transient bounce with status %s as permanent when on', async (status) => {
      const on = { ...DEFAULT_POLICY, dsnOverride: true };
      const [item] = await applyAll(on, [transient('a@example.com', 0, on, status)]);
      expect(item).toMatchObject({ status: 'suppressed', reason: 'bounce', bounceType: 'Transient', dsnStatus: status });
    });

    it('leaves it soft when off (the default), and leaves other statuses soft when on', async () => {
      const on = { ...DEFAULT_POLICY, dsnOverride: true };
      const [off] = await applyAll(DEFAULT_POLICY, [transient('a@example.com', 0, DEFAULT_POLICY, '5.1.1')]);
      const [other] = await applyAll(on, [transient('a@example.com', 0, on, '5.2.2')]);
      expect(off).toMatchObject({ status: 'soft', reason: 'transient_bounce' });
      expect(other).toMatchObject({ status: 'soft', reason: 'transient_bounce' });
    });
  });

  describe('expiry', () => {
    const ttl = { ...DEFAULT_POLICY, softRecordTtlDays: 30 };

    it('gives soft records an expiry after their last event when configured', async () => {
      const [item] = await applyAll(ttl, [transient('a@example.com', 0), transient('a@example.com', 10)]);
      expect(item?.expiresAt).toBe((START + 40 * DAY) / 1000);
    });

    it('never lets a bounce or complaint suppression expire unless configured, even after a soft record had an expiry', async () => {
      const parsed = parseSesEvent(sesComplaint(['a@example.com'], { timestamp: at(1) }));
      if (parsed.kind === 'ignored') throw new Error('ignored');
      const complaint = decide(parsed).events[0]!;
      const soft = transient('a@example.com', 0);
      const [item] = await applyAll(ttl, [soft, complaint]);
      const [reversed] = await applyAll(ttl, [complaint, soft]);
      expect(item).toMatchObject({ status: 'suppressed', reason: 'complaint' });
      expect(item?.expiresAt).toBeUndefined();
      expect(reversed).toEqual(item);
    });

    it('has no expiry by default', async () => {
      const [item] = await applyAll(DEFAULT_POLICY, [transient('a@example.com', 0)]);
      expect(item?.expiresAt).toBeUndefined();
    });
  });
});
