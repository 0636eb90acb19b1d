import { FEEDBACK_ID_CAP, SuppressionStatus } from './constants';
import type { RecipientEvent, SuppressionRecord } from './types';

/**
 * The specification of the table's state: what an address's record becomes when one more event
 * arrives. `undefined` means the event was applied before (a redelivery) and changes nothing.
 *
 * The result does not depend on the order in which events arrive: status and details follow the
 * event with the highest {@link decisionKeyOf}, times are the minimum and maximum, counts add up.
 * The store's fast path is this function written as a DynamoDB update expression.
 */
function mergeEvent(
  current: SuppressionRecord | undefined,
  event: RecipientEvent,
  feedbackIdCap: number = FEEDBACK_ID_CAP,
): SuppressionRecord | undefined {
  if (current !== undefined && hasApplied(current, event.feedbackId)) return undefined;
  const decisionKey = decisionKeyOf(event);
  const decides = current === undefined || decisionKey > current.decisionKey;
  const latest = current !== undefined && isLaterThanLast(event, current);
  const rotate = current !== undefined && current.feedbackIds.size >= feedbackIdCap;
  const details =
    current === undefined || decides
      ? { ...detailsOf(event), decisionKey }
      : { ...detailsOf(current), decisionKey: current.decisionKey };
  return {
    email: event.email,
    ...details,
    firstEventAt: current !== undefined && current.firstEventAt < event.eventAt ? current.firstEventAt : event.eventAt,
    lastEventAt: current === undefined || latest ? event.eventAt : current.lastEventAt,
    lastMessageId: current === undefined || latest ? event.messageId : current.lastMessageId,
    eventCount: (current?.eventCount ?? 0) + 1,
    feedbackIds: rotate || current === undefined ? new Set([event.feedbackId]) : new Set([...current.feedbackIds, event.feedbackId]),
    previousFeedbackIds: rotate ? current?.feedbackIds : current?.previousFeedbackIds,
  };
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
