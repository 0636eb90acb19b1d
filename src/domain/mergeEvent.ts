import { FEEDBACK_ID_CAP, SuppressionReason, SuppressionStatus } from './constants';
import { DEFAULT_POLICY, type SuppressionPolicy, expiryOf, reachesSoftBounceThreshold } from './policy';
import type { RecipientEvent, SuppressionRecord } from './types';

/** Options of {@link mergeEvent}. */
interface MergeOptions {
  /**
   * Feedback ids per generation.
   * @default FEEDBACK_ID_CAP
   */
  readonly feedbackIdCap?: number;
  /** @default DEFAULT_POLICY */
  readonly policy?: SuppressionPolicy;
}

/**
 * The specification of the table's state: what an address's record becomes when one more event
 * arrives. `undefined` means the event was applied before (a redelivery) and changes nothing.
 *
 * The result does not depend on the order in which events arrive: status and details follow the
 * event with the highest {@link decisionKeyOf}, times are the minimum and maximum, counts add up.
 * (One exception, by design: when soft-bounce escalation fires, the details are those of the
 * bounce that completed the threshold on arrival; status, reason and rank are not.) The store's fast path is this function written
 * as a DynamoDB update expression.
 */
function mergeEvent(current: SuppressionRecord | undefined, incoming: RecipientEvent, options: MergeOptions = {}): SuppressionRecord | undefined {
  const feedbackIdCap = options.feedbackIdCap ?? FEEDBACK_ID_CAP;
  const policy = options.policy ?? DEFAULT_POLICY;
  if (current !== undefined && hasApplied(current, incoming.feedbackId)) return undefined;

  const softBounceTimes = nextSoftBounceTimes(current?.softBounceTimes, incoming, policy);
  const escalates = softBounceTimes !== undefined && reachesSoftBounceThreshold(softBounceTimes, policy);
  const event: RecipientEvent = escalates
    ? { ...incoming, status: SuppressionStatus.SUPPRESSED, reason: SuppressionReason.SOFT_BOUNCE_THRESHOLD }
    : incoming;

  // An escalation ranks by the latest bounce time it saw, not by the time of whichever bounce
  // happened to arrive last, so that its rank against other suppressions is order independent.
  const decisionKey = escalates ? decisionKeyOf({ ...event, eventAt: softBounceTimes.at(-1) as string }) : decisionKeyOf(event);
  const decides = current === undefined || decisionKey > current.decisionKey;
  const latest = current === undefined || isLaterThanLast(event, current);
  const rotate = current !== undefined && current.feedbackIds.size >= feedbackIdCap;
  const details =
    current === undefined || decides
      ? { ...detailsOf(event), decisionKey }
      : { ...detailsOf(current), decisionKey: current.decisionKey };
  const lastEventAt = current === undefined || latest ? event.eventAt : current.lastEventAt;
  return {
    email: event.email,
    ...details,
    firstEventAt: current !== undefined && current.firstEventAt < event.eventAt ? current.firstEventAt : event.eventAt,
    lastEventAt,
    lastMessageId: current === undefined || latest ? event.messageId : current.lastMessageId,
    eventCount: (current?.eventCount ?? 0) + 1,
    feedbackIds: rotate || current === undefined ? new Set([event.feedbackId]) : new Set([...current.feedbackIds, event.feedbackId]),
    previousFeedbackIds: rotate ? current?.feedbackIds : current?.previousFeedbackIds,
    softBounceTimes: softBounceTimes ?? current?.softBounceTimes,
    expiresAt: expiryOf(details.status, lastEventAt, policy),
  };
}

/**
 * The latest transient-bounce times with this event's added, when escalation is on and the event
 * is a transient bounce; `undefined` otherwise. Only as many as the threshold are kept: enough to
 * tell whether the latest ones fall within the window.
 */
function nextSoftBounceTimes(times: readonly string[] | undefined, event: RecipientEvent, policy: SuppressionPolicy): string[] | undefined {
  if (policy.softBounceThreshold <= 1 || event.reason !== SuppressionReason.TRANSIENT_BOUNCE) return undefined;
  return [...(times ?? []), event.eventAt].sort().slice(-policy.softBounceThreshold);
}

function hasApplied(record: SuppressionRecord, feedbackId: string): boolean {
  return record.feedbackIds.has(feedbackId) || (record.previousFeedbackIds?.has(feedbackId) ?? false);
}

/**
 * Ranks events: any suppressing event outranks any soft one, then the later event outranks the
 * earlier, and the feedback id breaks ties so that no two events rank equal.
 */
function decisionKeyOf(event: RecipientEvent): string {
  return `${event.status === SuppressionStatus.SUPPRESSED ? 1 : 0}#${event.eventAt}#${event.feedbackId}`;
}

/** Later by event time, then by message id: a total order on what `lastEventAt`/`lastMessageId` show. */
function isLaterThanLast(event: RecipientEvent, record: SuppressionRecord): boolean {
  return event.eventAt > record.lastEventAt || (event.eventAt === record.lastEventAt && event.messageId > record.lastMessageId);
}

type Details = Pick<
  SuppressionRecord,
  'status' | 'reason' | 'origin' | 'bounceType' | 'bounceSubType' | 'dsnStatus' | 'diagnosticCode' | 'complaintFeedbackType'
>;

function detailsOf(source: Details): Details {
  return {
    status: source.status,
    reason: source.reason,
    origin: source.origin,
    bounceType: source.bounceType,
    bounceSubType: source.bounceSubType,
    dsnStatus: source.dsnStatus,
    diagnosticCode: source.diagnosticCode,
    complaintFeedbackType: source.complaintFeedbackType,
  };
}

export { decisionKeyOf, mergeEvent };
export type { MergeOptions };
