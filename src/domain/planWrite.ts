import { FEEDBACK_ID_CAP, SuppressionReason, SuppressionStatus } from './constants';
import { feedbackDigest } from './feedbackDigest';
import {
  type Details,
  decisionKeyOf,
  detailsOf,
  hasApplied,
  isReleasedBy,
  isTenantRank,
  type MergeOptions,
  mergeEvent,
  rankOf,
  TENANT_RANK_FLOOR,
  tracksSoftBounce,
} from './mergeEvent';
import { DEFAULT_POLICY, expiryOf, type SuppressionPolicy } from './policy';
import { escalatingSoftBounce, softBounceEntry, staleSoftBounces } from './softBounces';
import type { RecipientEvent, SuppressionRecord } from './types';
import type { Condition, PlanValue, RecordField, WritePlan } from './writePlan';

/** The fields that describe the deciding event; one the event lacks is removed, not kept. */
const DETAIL_FIELDS = [
  'status',
  'reason',
  'source',
  'bounceType',
  'bounceSubType',
  'dsnStatus',
  'diagnosticCode',
  'complaintFeedbackType',
] as const satisfies readonly (keyof Details)[];

/**
 * The conditional update that applies one event, as {@link mergeEvent} specifies, or `duplicate`
 * when the snapshot shows the event applied already.
 *
 * Without a snapshot it guesses what nearly every event is: the first of its address, or its
 * newest and most deciding (`attribute_not_exists(email) OR ...`), so an in-order stream costs one
 * request per event. With a snapshot (the item as DynamoDB returned it, from this store's last
 * write or a failed condition) it writes only what the event changes, and its condition asserts
 * only what that write relies on:
 *
 * - the count and the digest set change with every event: `ADD`, guarded by the digest's absence
 *   (exactly once) and the set's size (which generation it joins);
 * - first time, last time and message id, the deciding event's details: `SET`, each guarded by
 *   the comparison that makes the event earliest, latest or deciding. These only ever turn false
 *   as other events land (times only widen, ranks only rise), and a comparison that is false for
 *   the snapshot is false for the item, so it needs no guard;
 * - an event that is neither earliest, latest nor deciding writes `ADD` alone, which no concurrent
 *   writer can invalidate except by applying the same event or filling the generation.
 *
 * So a failed condition means another event changed one of these facts, each of which can change
 * only a bounded number of times for this event: retries end, however hot the address.
 */
function planWrite(event: RecipientEvent, options: MergeOptions = {}, snapshot?: SuppressionRecord): WritePlan | 'duplicate' | 'released' {
  const feedbackIdCap = options.feedbackIdCap ?? FEEDBACK_ID_CAP;
  const policy = options.policy ?? DEFAULT_POLICY;
  const digest = feedbackDigest(event.feedbackId);
  if (snapshot === undefined) return guess(event, digest, feedbackIdCap, policy);
  if (hasApplied(snapshot, digest)) return 'duplicate';
  if (isReleasedBy(snapshot, event)) return 'released';
  const merged = mergeEvent(snapshot, event, options) as SuppressionRecord;
  // A partial item (an adopted table, a release marker) lacks attributes the snapshot shows as ''
  // or 0; a comparison with a missing attribute is false in DynamoDB, so each guard on such a
  // field also accepts its absence. Missing counters and sets then start from zero (`ADD`).
  const guard = (field: RecordField, missing: boolean, condition: Condition): Condition =>
    missing ? { op: 'or', of: [{ op: 'absent', field }, condition] } : condition;

  const set: [RecordField, PlanValue | undefined][] = [];
  // The plan relies on the item being the snapshot or a later state of it (that is why a fact false
  // for the snapshot needs no guard). Later states only widen times and raise rank and count, so
  // these never fail for contention; they fail if the item is gone, or was deleted and made anew
  // since (an operator's remove), and then the store plans again from the item as it is.
  const conditions: Condition[] = [
    guard('eventCount', snapshot.eventCount === 0, { op: 'atLeast', field: 'eventCount', value: snapshot.eventCount }),
    guard('decisionKey', snapshot.decisionKey === '', { op: 'atLeast', field: 'decisionKey', value: snapshot.decisionKey }),
    guard('lastEventAt', snapshot.lastEventAt === '', { op: 'atLeast', field: 'lastEventAt', value: snapshot.lastEventAt }),
    guard('firstEventAt', snapshot.firstEventAt === '', { op: 'atMost', field: 'firstEventAt', value: snapshot.firstEventAt }),
    notApplied(digest),
    notReleasedSince(event),
  ];
  const plan = {
    set,
    setIfAbsent: [],
    copy: [] as [RecordField, RecordField][],
    add: [['eventCount', 1]] as [RecordField, number | ReadonlySet<string>][],
    remove: [],
  };
  if (snapshot.feedbackIds.size >= feedbackIdCap) {
    // A full generation becomes the previous one; the size guard makes exactly one writer do it.
    plan.copy.push(['previousFeedbackIds', 'feedbackIds']);
    set.push(['feedbackIds', new Set([digest])]);
    conditions.push({ op: 'sizeAtLeast', field: 'feedbackIds', value: feedbackIdCap });
  } else {
    plan.add.push(['feedbackIds', new Set([digest])]);
    conditions.push(guard('feedbackIds', snapshot.feedbackIds.size === 0, { op: 'sizeBelow', field: 'feedbackIds', value: feedbackIdCap }));
  }
  if (merged.firstEventAt !== snapshot.firstEventAt) {
    set.push(['firstEventAt', event.eventAt]);
    conditions.push(guard('firstEventAt', snapshot.firstEventAt === '', { op: 'greaterThan', field: 'firstEventAt', value: event.eventAt }));
  }
  const latest = merged.lastEventAt !== snapshot.lastEventAt || merged.lastMessageId !== snapshot.lastMessageId;
  if (latest) {
    set.push(['lastEventAt', event.eventAt], ['lastMessageId', event.messageId]);
    conditions.push(guard('lastEventAt', snapshot.lastEventAt === '', newerThanLast(event, snapshot.lastMessageId === '')));
  }
  const decides = merged.decisionKey !== snapshot.decisionKey || snapshot.status === undefined;
  if (decides) {
    for (const field of DETAIL_FIELDS) set.push([field, merged[field]]);
    set.push(['decisionKey', merged.decisionKey]);
    // Without a status the item holds no decision: the event decides while the status is missing.
    const outranks = guard('decisionKey', snapshot.decisionKey === '', { op: 'lessThan', field: 'decisionKey', value: merged.decisionKey });
    conditions.push(snapshot.status === undefined ? { op: 'or', of: [{ op: 'absent', field: 'status' }, outranks] } : outranks);
  }
  if (tracksSoftBounce(event, policy)) plan.add.push(['softBounces', new Set([softBounceEntry(event.eventAt, digest)])]);
  // Commutative, like the digests: needs no guard of its own.
  if (event.tenant !== undefined) plan.add.push(['tenants', new Set([event.tenant])]);
  if (decides || latest) {
    set.push(['expiresAt', merged.expiresAt]);
    // The expiry follows from status and last event time together: when the event changes only
    // one of them, the other must still be what the expiry was computed from.
    // (`decides` holds whenever the snapshot has no status, so `snapshot.status` is one here.)
    if (hasExpiry(policy) && latest && !decides) {
      conditions.push({ op: 'equals', field: 'status', value: snapshot.status });
      // A soft item that a tenant's suppression decides meanwhile stays soft but expires as a
      // suppression: below the tenant rank is what the soft expiry was computed from.
      if (snapshot.status === SuppressionStatus.SOFT && !isTenantRank(snapshot.decisionKey)) {
        conditions.push({ op: 'lessThan', field: 'decisionKey', value: TENANT_RANK_FLOOR });
      }
    }
    if (hasExpiry(policy) && decides && !latest) conditions.push({ op: 'equals', field: 'lastEventAt', value: snapshot.lastEventAt });
  }
  return { ...plan, condition: { op: 'and', of: conditions } };
}

/**
 * What remains to write after an event's update succeeded, judged on the item it produced:
 * escalating when the transient bounces now held reach the threshold (concurrent bounces each
 * add their element without seeing the others', so whichever update lands last sees them all),
 * and dropping stale bounce elements. `undefined` when nothing remains.
 */
function planFollowUp(after: SuppressionRecord, event: RecipientEvent, options: MergeOptions = {}): WritePlan | undefined {
  const policy = options.policy ?? DEFAULT_POLICY;
  if (!tracksSoftBounce(event, policy) || after.softBounces === undefined) return undefined;
  const set: [RecordField, PlanValue | undefined][] = [];
  // An update creates a missing item: an operator's remove since the event's write must not leave
  // one holding only what this update sets. It relies on the item being `after` or a later state
  // of it (counts only rise; a release resets them).
  const conditions: Condition[] = [{ op: 'itemPresent' }, { op: 'atLeast', field: 'eventCount', value: after.eventCount }];
  const escalatesAt = escalatingSoftBounce(after.softBounces, policy);
  const escalationKey = escalatesAt === undefined ? undefined : rankOf(SuppressionStatus.SUPPRESSED, escalatesAt.eventAt, escalatesAt.digest);
  if (escalationKey !== undefined && escalationKey > after.decisionKey) {
    const details: Details = { ...detailsOf(event), status: SuppressionStatus.SUPPRESSED, reason: SuppressionReason.SOFT_BOUNCE_THRESHOLD };
    for (const field of DETAIL_FIELDS) set.push([field, details[field]]);
    set.push(['decisionKey', escalationKey], ['expiresAt', expiryOf(SuppressionStatus.SUPPRESSED, after.lastEventAt, policy)]);
    conditions.push({ op: 'lessThan', field: 'decisionKey', value: escalationKey });
    if (hasExpiry(policy)) conditions.push({ op: 'equals', field: 'lastEventAt', value: after.lastEventAt });
  }
  const stale = staleSoftBounces(after.softBounces, policy);
  if (set.length === 0 && stale.length === 0) return undefined;
  return {
    set,
    setIfAbsent: [],
    copy: [],
    add: [],
    remove: stale.length > 0 ? [['softBounces', new Set(stale)]] : [],
    condition: { op: 'and', of: conditions },
  };
}

/** The update for an event of an address this store knows nothing of. */
function guess(event: RecipientEvent, digest: string, feedbackIdCap: number, policy: SuppressionPolicy): WritePlan {
  const decisionKey = decisionKeyOf(event);
  const add: [RecordField, number | ReadonlySet<string>][] = [
    ['eventCount', 1],
    ['feedbackIds', new Set([digest])],
  ];
  if (tracksSoftBounce(event, policy)) add.push(['softBounces', new Set([softBounceEntry(event.eventAt, digest)])]);
  if (event.tenant !== undefined) add.push(['tenants', new Set([event.tenant])]);
  return {
    set: [
      ...DETAIL_FIELDS.map((field): [RecordField, PlanValue | undefined] => [field, event[field]]),
      ['decisionKey', decisionKey],
      ['lastEventAt', event.eventAt],
      ['lastMessageId', event.messageId],
      // The event decides and is the latest, so the expiry is its own.
      ['expiresAt', expiryOf(event.status, event.eventAt, policy, event.tenant !== undefined)],
    ],
    // An existing item's first event is earlier than this latest one.
    setIfAbsent: [['firstEventAt', event.eventAt]],
    copy: [],
    add,
    remove: [],
    condition: {
      op: 'or',
      of: [
        { op: 'itemAbsent' },
        {
          op: 'and',
          of: [
            notApplied(digest),
            { op: 'sizeBelow', field: 'feedbackIds', value: feedbackIdCap },
            { op: 'lessThan', field: 'decisionKey', value: decisionKey },
            newerThanLast(event),
            notReleasedSince(event),
          ],
        },
      ],
    },
  };
}

/** The address was not released at or after the event (see `isReleasedBy`). */
function notReleasedSince(event: RecipientEvent): Condition {
  return {
    op: 'or',
    of: [
      { op: 'absent', field: 'releasedAt' },
      { op: 'lessThan', field: 'releasedAt', value: event.eventAt },
    ],
  };
}

function notApplied(digest: string): Condition {
  return {
    op: 'and',
    of: [
      { op: 'lacks', field: 'feedbackIds', value: digest },
      { op: 'lacks', field: 'previousFeedbackIds', value: digest },
    ],
  };
}

/**
 * Later by event time, then by message id (see `isLaterThanLast`).
 * @param noMessageId - the snapshot lacks `lastMessageId` (a partial item): its absence also passes
 */
function newerThanLast(event: RecipientEvent, noMessageId = false): Condition {
  const messageId: Condition = { op: 'lessThan', field: 'lastMessageId', value: event.messageId };
  return {
    op: 'or',
    of: [
      { op: 'lessThan', field: 'lastEventAt', value: event.eventAt },
      {
        op: 'and',
        of: [
          { op: 'equals', field: 'lastEventAt', value: event.eventAt },
          noMessageId ? { op: 'or', of: [{ op: 'absent', field: 'lastMessageId' }, messageId] } : messageId,
        ],
      },
    ],
  };
}

function hasExpiry(policy: SuppressionPolicy): boolean {
  return policy.softRecordTtlDays !== undefined || policy.suppressionTtlDays !== undefined;
}

export { DETAIL_FIELDS, planFollowUp, planWrite };
