import { beforeEach, describe, expect, it } from 'vitest';
import { decide } from '../../src/domain/decide';
import { parseSesEvent } from '../../src/domain/sesEvent';
import type { RecipientEvent } from '../../src/domain/types';
import { InvalidTenantError } from '../../src/sender/errors';
import { SuppressionChecker } from '../../src/sender/SuppressionChecker';
import { SuppressionStore } from '../../src/store/SuppressionStore';
import { sesBounce, sesComplaint } from '../helpers/factories';
import { createSuppressionTable, localDocumentClient, scanAll } from '../helpers/table';

/** The recipient-events the handler would write for an SES event, with the default policy. */
function eventsOf(ses: Record<string, unknown>): RecipientEvent[] {
  const parsed = parseSesEvent(ses);
  if (parsed.kind === 'ignored') throw new Error('not a bounce or complaint');
  return decide(parsed).events;
}

/** Every order of a list. */
function permutations<T>(list: readonly T[]): T[][] {
  if (list.length <= 1) return [[...list]];
  return list.flatMap((head, i) => permutations([...list.slice(0, i), ...list.slice(i + 1)]).map((rest) => [head, ...rest]));
}

/** The same address complaining about tenant A's mail and about tenant B's, then hard-bouncing a mail of A. */
function history(address: string): { complaintA: RecipientEvent; complaintB: RecipientEvent; bounceA: RecipientEvent } {
  const [complaintA] = eventsOf(sesComplaint([address], { feedbackType: 'abuse', tenant: 'tenant-a', timestamp: '2026-03-01T10:00:00.000Z' }));
  const [complaintB] = eventsOf(sesComplaint([address], { feedbackType: 'abuse', tenant: 'tenant-b', timestamp: '2026-03-01T11:00:00.000Z' }));
  const [bounceA] = eventsOf(sesBounce([address], { tenant: 'tenant-a', timestamp: '2026-03-02T09:00:00.000Z' }));
  return { complaintA: complaintA!, complaintB: complaintB!, bounceA: bounceA! };
}

/** What a check for tenant A, B, C and for no tenant says of one address: outcome and scope. */
async function verdicts(checker: SuppressionChecker, address: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const tenant of ['tenant-a', 'tenant-b', 'tenant-c', undefined]) {
    const check = await checker.check(address, tenant === undefined ? {} : { tenant });
    // A check without a tenant reports no scope, as before tenants existed.
    result[tenant ?? 'no tenant'] = check.scope === undefined ? check.outcome : `${check.outcome} (${check.scope})`;
  }
  return result;
}

describe('Class: SuppressionStore, with SES tenants (DynamoDB Local)', () => {
  let tableName: string;
  let checker: SuppressionChecker;

  beforeEach(async () => {
    tableName = await createSuppressionTable();
    checker = new SuppressionChecker({ tableName, client: localDocumentClient(), consistentRead: true });
  });

  it("suppresses for tenant A and tenant B what each one's complaint names, and for nobody else", async () => {
    // Prepare
    const store = new SuppressionStore({ tableName, client: localDocumentClient() });
    const { complaintA, complaintB } = history('reader@example.com');

    // Act
    await store.apply(complaintA);
    await store.apply(complaintB);

    // Assess
    expect(await verdicts(checker, 'reader@example.com')).toEqual({
      'tenant-a': 'suppressed (tenant)',
      'tenant-b': 'suppressed (tenant)',
      'tenant-c': 'clear',
      // A tenant-only suppression does not block a send for no tenant (docs/tenants.md).
      'no tenant': 'clear',
    });
    const [item] = await scanAll(tableName);
    expect(item).toMatchObject({ status: 'soft', reason: 'complaint', tenants: new Set(['tenant-a', 'tenant-b']), eventCount: 2 });
  });

  it('gives the same item and the same checks for every order of the two complaints and the bounce, each delivered twice, warm or cold', async () => {
    // Prepare: one address per order and per kind of container.
    const orders = permutations(['complaintA', 'complaintB', 'bounceA'] as const);
    const items: Record<string, unknown>[] = [];
    for (const [n, order] of orders.entries()) {
      for (const warm of [true, false]) {
        const address = `reader-${n}-${warm ? 'warm' : 'cold'}@example.com`;
        const events = history(address);
        const warmStore = new SuppressionStore({ tableName, client: localDocumentClient() });
        // Act: every event, then every event again (a redelivery), each on a fresh store when cold.
        const results: string[] = [];
        for (const name of [...order, ...order]) {
          const store = warm ? warmStore : new SuppressionStore({ tableName, client: localDocumentClient() });
          results.push(await store.apply(events[name]));
        }

        // Assess
        expect(results).toEqual(['applied', 'applied', 'applied', 'duplicate', 'duplicate', 'duplicate']);
        // The hard bounce is account-wide by default: every check blocks, tenant or not.
        expect(await verdicts(checker, address)).toEqual({
          'tenant-a': 'suppressed (account)',
          'tenant-b': 'suppressed (account)',
          'tenant-c': 'suppressed (account)',
          'no tenant': 'suppressed',
        });
      }
    }
    for (const item of await scanAll(tableName)) {
      // Key, message id, digests and the decision key's digest differ per address: their events are distinct.
      const { email: _email, lastMessageId: _m, feedbackIds: _f, decisionKey, ...rest } = item;
      items.push({ ...rest, decidedAt: String(decisionKey).split('#').slice(0, 2).join('#') });
    }

    // Assess: one item, the same for all 12 addresses.
    expect(items).toHaveLength(orders.length * 2);
    for (const item of items) expect(item).toEqual(items[0]);
    expect(items[0]).toMatchObject({
      status: 'suppressed',
      reason: 'bounce',
      bounceType: 'Permanent',
      tenants: new Set(['tenant-a', 'tenant-b']),
      eventCount: 3,
      firstEventAt: '2026-03-01T10:00:00.000Z',
      lastEventAt: '2026-03-02T09:00:00.000Z',
    });
  });

  it("checks many addresses for a tenant in one read, each against its own item's tenant set", async () => {
    // Prepare
    const store = new SuppressionStore({ tableName, client: localDocumentClient() });
    const { complaintA } = history('a-only@example.com');
    const { complaintB } = history('b-only@example.com');
    const { bounceA } = history('dead@example.com');
    for (const event of [complaintA, complaintB, bounceA]) await store.apply(event);

    // Act
    const checks = await checker.checkMany(['a-only@example.com', 'b-only@example.com', 'dead@example.com', 'new@example.com'], { tenant: 'tenant-a' });

    // Assess
    expect(checks.map((c) => [c.email, c.outcome, c.scope])).toEqual([
      ['a-only@example.com', 'suppressed', 'tenant'],
      ['b-only@example.com', 'clear', undefined],
      ['dead@example.com', 'suppressed', 'account'],
      ['new@example.com', 'clear', undefined],
    ]);
    // The record reported is the account-wide part: the tenant set stays inside the check.
    expect(checks[0]?.record).toEqual({ status: 'soft', reason: 'complaint', source: 'ses-event-publishing', lastEventAt: '2026-03-01T10:00:00.000Z' });
  });

  it('matches tenant names exactly, as SES spells them', async () => {
    // Prepare
    await new SuppressionStore({ tableName, client: localDocumentClient() }).apply(history('reader@example.com').complaintA);

    // Act
    const other = await checker.check('reader@example.com', { tenant: 'Tenant-A' });

    // Assess
    expect(other.outcome).toBe('clear');
  });

  it('refuses a tenant that is no SES tenant name, reading nothing', async () => {
    // Act
    const check = checker.checkMany(['reader@example.com'], { tenant: 'tenant a' });

    // Assess
    await expect(check).rejects.toThrow(InvalidTenantError);
    await expect(check).rejects.toThrow('tenant must be an SES tenant name');
  });
});
