import { FEEDBACK_ID_CAP, SuppressionReason, SuppressionStatus } from './constants';
import { feedbackDigest } from './feedbackDigest';
import { DEFAULT_POLICY, expiryOf, type SuppressionPolicy } from './policy';
import { escalatingSoftBounce, softBounceEntry, staleSoftBounces } from './softBounces';
import type { RecipientEvent, SuppressionRecord } from './types';

/** Options of {@link mergeEvent}. */
interface MergeOptions {
  /**
   * Feedback-id digests per generation.
   * @default FEEDBACK_ID_CAP
   */
  readonly feedbackIdCap?: number;
  /** @default DEFAULT_POLICY */
  readonly policy?: SuppressionPolicy;
}

/**
 * The specification of the table's state: what an address's record becomes when one more event
 * arrives. `undefined` means the event changes nothing: it was applied before (a redelivery), or it
 * is no newer than the address's release by an operator (`releasedAt`).
 *
 * The result does not depend on the order in which events arrive: status and details follow the
 * event with the highest {@link decisionKeyOf}, times are the minimum and maximum, counts add up,
 * and an escalation ranks as the transient bounce it escalates at. Two exceptions, by design:
 * which digests sit in which generation depends on arrival order once the current one fills up,
 * and an escalation's details (bounce subtype, DSN, diagnostic) are those of the bounce whose
 * arrival completed the threshold; its status, reason and rank are not.
 *
 * The store writes this function as conditional updates (see `planWrite`).
 */
function mergeEvent(current: SuppressionRecord | undefined, incoming: RecipientEvent, options: MergeOptions = {}): SuppressionRecord | undefined {
  const feedbackIdCap = options.feedbackIdCap ?? FEEDBACK_ID_CAP;
  const policy = options.policy ?? DEFAULT_POLICY;
  const digest = feedbackDigest(incoming.feedbackId);
  if (current !== undefined && (hasApplied(current, digest) || isReleasedBy(current, incoming))) return undefined;

  const softBounces = nextSoftBounces(current?.softBounces, incoming, digest, policy);
  const candidate = candidateOf(incoming, digest, softBounces, policy);
  // An item without a status (a partial one) holds no decision: any event decides it.
  const decides = current === undefined || current.status === undefined || candidate.decisionKey > current.decisionKey;
  const latest = current === undefined || isLaterThanLast(incoming, current);
  const rotate = current !== undefined && current.feedbackIds.size >= feedbackIdCap;
  const details = decides ? candidate : { ...detailsOf(current), decisionKey: current.decisionKey };
  const lastEventAt = latest ? incoming.eventAt : current.lastEventAt;
  return {
    email: incoming.email,
    ...details,
    // '' is a partial item's missing time, not an earlier one.
    firstEventAt: current !== undefined && current.firstEventAt !== '' && current.firstEventAt <= incoming.eventAt ? current.firstEventAt : incoming.eventAt,
    lastEventAt,
    lastMessageId: latest ? incoming.messageId : current.lastMessageId,
    eventCount: (current?.eventCount ?? 0) + 1,
    feedbackIds: rotate || current === undefined ? new Set([digest]) : new Set([...current.feedbackIds, digest]),
    previousFeedbackIds: rotate ? current?.feedbackIds : current?.previousFeedbackIds,
    softBounces: softBounces ?? current?.softBounces,
    // A commutative union: any order of the same events gives the same set.
    tenants: incoming.tenant === undefined ? current?.tenants : new Set([...(current?.tenants ?? []), incoming.tenant]),
    expiresAt: expiryOf(details.status, lastEventAt, policy, isTenantRank(details.decisionKey)),
    ...(current?.releasedAt === undefined ? {} : { releasedAt: current.releasedAt }),
  };
}

/** Whether an operator released the address at or after the event: a release wins over older evidence. */
function isReleasedBy(record: SuppressionRecord, event: RecipientEvent): boolean {
  return record.releasedAt !== undefined && event.eventAt <= record.releasedAt;
}

/**
 * What the event would make the item's details and rank if it decided: itself, or, when the
 * transient bounces now reach the escalation threshold, a suppression with reason
 * `soft_bounce_threshold` that ranks as the bounce it escalates at.
 */
function candidateOf(
  event: RecipientEvent,
  digest: string,
  softBounces: ReadonlySet<string> | undefined,
  policy: SuppressionPolicy,
): Details & { decisionKey: string } {
  const escalatesAt = softBounces === undefined ? undefined : escalatingSoftBounce(softBounces, policy);
  if (escalatesAt === undefined) return { ...detailsOf(event), decisionKey: rankOf(event.status, event.eventAt, digest, event.tenant !== undefined) };
  return {
    ...detailsOf(event),
    status: SuppressionStatus.SUPPRESSED,
    reason: SuppressionReason.SOFT_BOUNCE_THRESHOLD,
    decisionKey: rankOf(SuppressionStatus.SUPPRESSED, escalatesAt.eventAt, escalatesAt.digest),
  };
}

/**
 * The transient-bounce set with this event's added, when escalation is on and the event is a
 * transient bounce; `undefined` otherwise. Old elements are dropped in bulk (see
 * `staleSoftBounces`).
 */
function nextSoftBounces(
  entries: ReadonlySet<string> | undefined,
  event: RecipientEvent,
  digest: string,
  policy: SuppressionPolicy,
): ReadonlySet<string> | undefined {
  if (!tracksSoftBounce(event, policy)) return undefined;
  const next = new Set([...(entries ?? []), softBounceEntry(event.eventAt, digest)]);
  for (const stale of staleSoftBounces(next, policy)) next.delete(stale);
  return next;
}

/** Whether an event counts towards escalation: a transient bounce, with a threshold above 1. */
function tracksSoftBounce(event: RecipientEvent, policy: SuppressionPolicy): boolean {
  return policy.softBounceThreshold > 1 && event.reason === SuppressionReason.TRANSIENT_BOUNCE;
}

/** Whether a record holds the digest of an event, in either generation. */
function hasApplied(record: SuppressionRecord, digest: string): boolean {
  return record.feedbackIds.has(digest) || (record.previousFeedbackIds?.has(digest) ?? false);
}

/**
 * Ranks events: any account-wide suppression outranks any tenant's suppression, which outranks any
 * soft event; then the later event outranks the earlier, and the feedback digest breaks ties so
 * that no two events rank equal.
 */
function decisionKeyOf(event: RecipientEvent): string {
  return rankOf(event.status, event.eventAt, feedbackDigest(event.feedbackId), event.tenant !== undefined);
}

/**
 * The prefix of a tenant's suppression. Keys compare as strings (in DynamoDB conditions too):
 * `0#…` (soft) < `0t#…` (a tenant's suppression, `'#'` sorts before `'t'`) < `1#…` (suppressed), so
 * keys written before tenants existed keep their order.
 */
const TENANT_RANK = '0t';

/** The decision key of an event of this status and time, with this feedback digest. */
function rankOf(status: SuppressionStatus, eventAt: string, digest: string, tenantSuppression = false): string {
  const prefix = status === SuppressionStatus.SUPPRESSED ? '1' : tenantSuppression ? TENANT_RANK : '0';
  return `${prefix}#${eventAt}#${digest}`;
}

/** Every tenant's suppression's key starts with this, and every soft event's key is below it. */
const TENANT_RANK_FLOOR = `${TENANT_RANK}#`;

/** Whether a decision key is a tenant's suppression's: the item then expires as a suppression. */
function isTenantRank(decisionKey: string): boolean {
  return decisionKey.startsWith(TENANT_RANK_FLOOR);
}

/** Later by event time, then by message id: a total order on what `lastEventAt`/`lastMessageId` show. */
function isLaterThanLast(event: RecipientEvent, record: SuppressionRecord): boolean {
  return event.eventAt > record.lastEventAt || (event.eventAt === record.lastEventAt && event.messageId > record.lastMessageId);
}

type Details = Pick<
  SuppressionRecord,
  'status' | 'reason' | 'source' | 'bounceType' | 'bounceSubType' | 'dsnStatus' | 'diagnosticCode' | 'complaintFeedbackType'
>;

function detailsOf(source: Details): Details {
  return {
    status: source.status,
    reason: source.reason,
    source: source.source,
    bounceType: source.bounceType,
    bounceSubType: source.bounceSubType,
    dsnStatus: source.dsnStatus,
    diagnosticCode: source.diagnosticCode,
    complaintFeedbackType: source.complaintFeedbackType,
  };
}

export type { Details, MergeOptions };
export { decisionKeyOf, detailsOf, hasApplied, isLaterThanLast, isReleasedBy, isTenantRank, mergeEvent, rankOf, TENANT_RANK_FLOOR, tracksSoftBounce };
