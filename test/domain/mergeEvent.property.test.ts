import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itemSize } from '../../local/itemSize';
import { FEEDBACK_ID_CAP, MAX_DIAGNOSTIC_LENGTH, RecordSource, SuppressionReason, SuppressionStatus } from '../../src/domain/constants';
import { feedbackDigest } from '../../src/domain/feedbackDigest';
import { mergeEvent } from '../../src/domain/mergeEvent';
import { planFollowUp, planWrite } from '../../src/domain/planWrite';
import { DEFAULT_POLICY, type SuppressionPolicy } from '../../src/domain/policy';
import { softBounceMemory } from '../../src/domain/softBounces';
import type { RecipientEvent, SuppressionRecord } from '../../src/domain/types';
import { toItem } from '../../src/store/suppressionSchema';
import { applyPlan, comparable, conditionHolds } from '../helpers/writePlanModel';

const EMAIL = 'a@example.com';
const START = Date.UTC(2026, 5, 1);
const HOUR = 3_600_000;

/** The four kinds of event the decision table writes, with their details. */
const KINDS = [
  { status: SuppressionStatus.SUPPRESSED, reason: SuppressionReason.BOUNCE, bounceType: 'Permanent', bounceSubType: 'General', dsnStatus: '5.1.1' },
  { status: SuppressionStatus.SOFT, reason: SuppressionReason.TRANSIENT_BOUNCE, bounceType: 'Transient', bounceSubType: 'MailboxFull', dsnStatus: '4.2.2' },
  { status: SuppressionStatus.SUPPRESSED, reason: SuppressionReason.COMPLAINT, complaintFeedbackType: 'abuse' },
  { status: SuppressionStatus.SOFT, reason: SuppressionReason.NOT_SPAM_COMPLAINT, complaintFeedbackType: 'not-spam' },
  // Tenant-scoped suppressions, as decide() makes them of tenanted sends (docs/tenants.md).
  { status: SuppressionStatus.SOFT, reason: SuppressionReason.COMPLAINT, complaintFeedbackType: 'abuse', tenant: 'tenant-a' },
  { status: SuppressionStatus.SOFT, reason: SuppressionReason.COMPLAINT, complaintFeedbackType: 'abuse', tenant: 'tenant-b' },
  { status: SuppressionStatus.SOFT, reason: SuppressionReason.BOUNCE, bounceType: 'Permanent', bounceSubType: 'OnTenantSuppressionList', tenant: 'tenant-a' },
] as const;

/**
 * Events of one address: times on a coarse grid (so that ties happen), few message ids, every
 * feedback id distinct (distinct events), diagnostics of any length the decision keeps.
 */
function eventsArb(options: { minLength?: number; maxLength: number }): fc.Arbitrary<RecipientEvent[]> {
  const event = fc.record({
    // Transient bounces weigh more, so that escalation windows form and fall apart often.
    kind: fc.oneof({ arbitrary: fc.constantFrom(...KINDS), weight: 1 }, { arbitrary: fc.constant(KINDS[1]), weight: 1 }),
    hours: fc.integer({ min: 0, max: 20 }).map((quarterDays) => quarterDays * 6),
    message: fc.integer({ min: 0, max: 5 }),
    diagnostic: fc.option(fc.string({ maxLength: 60 }), { nil: undefined }),
  });
  return fc.uniqueArray(fc.tuple(fc.uuid(), event), { ...options, selector: ([id]) => id }).map((list) =>
    list.map(([id, { kind, hours, message, diagnostic }]) => ({
      email: EMAIL,
      feedbackId: `0100018d-${id}-000000`,
      eventAt: new Date(START + hours * HOUR).toISOString(),
      messageId: `message-${message}`,
      source: RecordSource.EVENT_PUBLISHING,
      ...kind,
      diagnosticCode: diagnostic,
    })),
  );
}

const policyArb: fc.Arbitrary<SuppressionPolicy> = fc.record({
  softBounceThreshold: fc.integer({ min: 0, max: 4 }),
  softBounceWindowDays: fc.integer({ min: 1, max: 7 }),
  dsnOverride: fc.constant(false),
  softRecordTtlDays: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
  suppressionTtlDays: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
});

function fold(events: readonly RecipientEvent[], policy: SuppressionPolicy = DEFAULT_POLICY, from?: SuppressionRecord): SuppressionRecord | undefined {
  return events.reduce<SuppressionRecord | undefined>((record, event) => mergeEvent(record, event, { policy }) ?? record, from);
}

/** Within the memory escalation is exact for: as many transient bounces as it looks at. */
function withinSoftBounceMemory(events: readonly RecipientEvent[], policy: SuppressionPolicy): boolean {
  return events.filter((e) => e.reason === SuppressionReason.TRANSIENT_BOUNCE).length <= softBounceMemory(policy);
}

/** What the order of arrival must not change (an escalation's details excepted, by design). */
function orderFree(record: SuppressionRecord | undefined): Record<string, unknown> | undefined {
  const all = comparable(record);
  if (all === undefined || record?.reason !== SuppressionReason.SOFT_BOUNCE_THRESHOLD) return all;
  const { bounceSubType: _s, dsnStatus: _d, diagnosticCode: _c, ...rest } = all;
  return rest;
}

/** Applies an event as the store does, with the model of DynamoDB: plan, write, follow-up. */
function viaPlans(snapshot: SuppressionRecord | undefined, actual: SuppressionRecord | undefined, event: RecipientEvent, policy: SuppressionPolicy) {
  let plan = planWrite(event, { policy }, snapshot);
  const current = actual;
  for (let attempt = 0; plan !== 'duplicate' && plan !== 'released' && !conditionHolds(plan.condition, current); attempt++) {
    if (attempt > 10) throw new Error('no progress');
    plan = planWrite(event, { policy }, current);
  }
  if (plan === 'duplicate' || plan === 'released') return { record: current, requests: 0 };
  let after = applyPlan(current, event.email, plan);
  const followUp = planFollowUp(after, event, { policy });
  if (followUp !== undefined) {
    expect(conditionHolds(followUp.condition, after)).toBe(true);
    after = applyPlan(after, event.email, followUp);
  }
  return { record: after, requests: followUp === undefined ? 1 : 2 };
}

describe('Function: mergeEvent, as a property', () => {
  it('gives the same status, reason, times, counts and sets for every order of the same events', () => {
    fc.assert(
      fc.property(
        eventsArb({ minLength: 1, maxLength: 12 }).chain((events) =>
          fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length })),
        ),
        policyArb,
        ([events, shuffled], policy) => {
          fc.pre(withinSoftBounceMemory(events, policy));
          const inOrder = fold(events, policy);
          expect(orderFree(fold(shuffled, policy))).toEqual(orderFree(inOrder));
          expect(orderFree(fold([...events].reverse(), policy))).toEqual(orderFree(inOrder));
          expect(inOrder?.eventCount).toBe(events.length);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('applies an event once: a second time changes nothing', () => {
    fc.assert(
      fc.property(eventsArb({ minLength: 1, maxLength: 20 }), fc.nat(), policyArb, (events, pick, policy) => {
        const record = fold(events, policy);
        const again = events[pick % events.length] as RecipientEvent;
        expect(mergeEvent(record, again, { policy })).toBeUndefined();
        expect(fold([...events, again], policy)).toEqual(record);
      }),
    );
  });

  it('never lets a soft event undo a suppression', () => {
    fc.assert(
      fc.property(eventsArb({ minLength: 1, maxLength: 20 }), policyArb, (events, policy) => {
        let record: SuppressionRecord | undefined;
        let suppressed = false;
        for (const event of events) {
          record = mergeEvent(record, event, { policy }) ?? record;
          if (suppressed) expect(record?.status).toBe(SuppressionStatus.SUPPRESSED);
          suppressed ||= record?.status === SuppressionStatus.SUPPRESSED;
        }
        const anySuppressing = events.some((e) => e.status === SuppressionStatus.SUPPRESSED);
        if (anySuppressing) expect(record?.status).toBe(SuppressionStatus.SUPPRESSED);
      }),
    );
  });

  it('keeps an item bounded, within 3 KB as DynamoDB measures it, however many events', () => {
    fc.assert(
      fc.property(eventsArb({ minLength: 100, maxLength: 400 }), policyArb, (events, policy) => {
        // The longest details the decision keeps, on every event.
        const long = events.map((e) => ({ ...e, diagnosticCode: 'x'.repeat(MAX_DIAGNOSTIC_LENGTH) }));
        const record = fold(long, policy) as SuppressionRecord;
        expect(record.feedbackIds.size).toBeLessThanOrEqual(FEEDBACK_ID_CAP);
        expect(record.previousFeedbackIds?.size ?? 0).toBeLessThanOrEqual(FEEDBACK_ID_CAP);
        expect(record.softBounces?.size ?? 0).toBeLessThanOrEqual(2 * softBounceMemory(policy));
        expect(itemSize(toItem(record))).toBeLessThanOrEqual(3072);
      }),
      { numRuns: 30 },
    );
  });

  it("holds exactly the tenants of the tenant-scoped events, whatever the order, and never lets one lift the account's status", () => {
    fc.assert(
      fc.property(eventsArb({ minLength: 1, maxLength: 16 }), fc.infiniteStream(fc.nat()), policyArb, (events, picks, policy) => {
        const shuffled = [...events].sort(() => (picks.next().value % 3) - 1);
        const record = fold(shuffled, policy) as SuppressionRecord;
        const expected = new Set(events.flatMap((e) => (e.tenant === undefined ? [] : [e.tenant])));
        expect(new Set(record.tenants ?? [])).toEqual(expected);
        // An account-wide suppression among the events is the status, tenants or not.
        if (events.some((e) => e.status === SuppressionStatus.SUPPRESSED)) expect(record.status).toBe(SuppressionStatus.SUPPRESSED);
        // A tenant's suppression outranks every soft event: the details describe one of them.
        if (expected.size > 0 && record.status === SuppressionStatus.SOFT) expect(record.decisionKey.startsWith('0t#')).toBe(true);
      }),
    );
  });

  it('keeps the item of an address suppressed for 100 tenants within 3 KB', () => {
    // Prepare: 100 complaints, one per tenant (names as long as typical tenant ids), then a hard bounce.
    const events: RecipientEvent[] = Array.from({ length: 100 }, (_, i) => ({
      email: EMAIL,
      feedbackId: `0100018d${String(i).padStart(8, '0')}-61b59c11-9236-11e6-8f96-7be8aexample-000000`,
      eventAt: new Date(START + i * HOUR).toISOString(),
      messageId: `0100018d${String(i).padStart(8, '0')}-4d7a5b1e-3f1c-4a5e-9b7c-2a1d3e4f5a6b-000000`,
      source: RecordSource.EVENT_PUBLISHING,
      status: SuppressionStatus.SOFT,
      reason: SuppressionReason.COMPLAINT,
      complaintFeedbackType: 'abuse',
      tenant: `tenant-${String(i).padStart(3, '0')}`,
    }));

    // Act
    const record = fold(events) as SuppressionRecord;

    // Assess
    expect(record.tenants?.size).toBe(100);
    expect(itemSize(toItem(record))).toBeLessThanOrEqual(3072);
  });

  it('remembers the last cap events of an address in its digests', () => {
    fc.assert(
      fc.property(eventsArb({ minLength: 1, maxLength: 200 }), (events) => {
        const record = fold(events) as SuppressionRecord;
        const remembered = new Set([...record.feedbackIds, ...(record.previousFeedbackIds ?? [])]);
        for (const event of events.slice(-FEEDBACK_ID_CAP)) expect(remembered.has(feedbackDigest(event.feedbackId))).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});

describe('Function: planWrite, against mergeEvent', () => {
  it('writes exactly what mergeEvent specifies, from the item as it stands or from no knowledge at all', () => {
    fc.assert(
      fc.property(eventsArb({ minLength: 1, maxLength: 14 }), policyArb, fc.boolean(), (events, policy, known) => {
        const [event, ...history] = events as [RecipientEvent, ...RecipientEvent[]];
        const current = fold(history, policy);
        const { record } = viaPlans(known ? current : undefined, current, event, policy);
        expect(comparable(record)).toEqual(comparable(mergeEvent(current, event, { policy })));
      }),
      { numRuns: 1000 },
    );
  });

  it('writes what mergeEvent specifies for the item as it now is, when planned from an older state of it (concurrent writers)', () => {
    fc.assert(
      fc.property(eventsArb({ minLength: 2, maxLength: 16 }), fc.nat(), policyArb, (events, cut, policy) => {
        // Escalation is exact within its memory only (as for the order test above): past it, an old
        // cluster of transient bounces seen by one writer may be beyond what mergeEvent looks at.
        fc.pre(withinSoftBounceMemory(events, policy));
        const [event, ...history] = events as [RecipientEvent, ...RecipientEvent[]];
        const seen = fold(history.slice(0, cut % history.length), policy);
        const now = fold(history, policy);
        const { record } = viaPlans(seen, now, event, policy);
        expect(comparable(record)).toEqual(comparable(mergeEvent(now, event, { policy })));
      }),
      { numRuns: 1000 },
    );
  });

  it('reports a duplicate, and plans nothing, for an event the item holds', () => {
    fc.assert(
      fc.property(eventsArb({ minLength: 1, maxLength: 30 }), fc.nat(), (events, pick) => {
        const record = fold(events);
        const recent = events.slice(-FEEDBACK_ID_CAP);
        expect(planWrite(recent[pick % recent.length] as RecipientEvent, {}, record)).toBe('duplicate');
      }),
    );
  });

  it('needs one request for the newest, most deciding event, and at most two for any event planned from the item', () => {
    fc.assert(
      fc.property(eventsArb({ minLength: 1, maxLength: 14 }), policyArb, (events, policy) => {
        const [event, ...history] = events as [RecipientEvent, ...RecipientEvent[]];
        const current = fold(history, policy);
        const { requests } = viaPlans(current, current, event, policy);
        expect(requests).toBeLessThanOrEqual(2);
        const guess = planWrite(event, { policy });
        if (typeof guess !== 'string' && conditionHolds(guess.condition, current) && event.reason !== SuppressionReason.TRANSIENT_BOUNCE) {
          expect(planFollowUp(applyPlan(current, EMAIL, guess), event, { policy })).toBeUndefined();
        }
      }),
    );
  });
});
