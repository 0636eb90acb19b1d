import type { EventOrigin, SuppressionReason } from '../domain/constants';
import type { DETAIL_VERSION, DetailType, SoftRecordChange, UnsuppressedCause } from './constants';

/** Fields every detail carries. */
interface DetailBase {
  /** The detail schema's version. */
  readonly version: typeof DETAIL_VERSION;
  /**
   * Stable id of the change: the same for every delivery of it (derived from the table stream
   * record's `eventID`, which EventBridge's own `id` is not). Deduplicate on it.
   */
  readonly eventId: string;
  /** The normalised address (trimmed, lower-cased, no display name): the table's key. */
  readonly address: string;
  /**
   * When the table changed, ISO 8601 UTC (the stream record's approximate creation time, to the
   * second). Also the event's `time`.
   */
  readonly changedAt: string;
  /**
   * The stream record's sequence number: within one address it increases with every change, so a
   * consumer that sees two events for an address out of order can tell which is newer (compare as
   * integers: they are decimal strings of up to 40 digits).
   */
  readonly sequenceNumber: string;
}

/** What the item says about the deciding event. Absent fields are omitted. */
interface RecordDetail {
  readonly reason: SuppressionReason;
  /** Where the deciding event came from (`ses-event-publishing`, `operator`, ...). */
  readonly source: EventOrigin;
  readonly bounceType?: string;
  readonly bounceSubType?: string;
  /** The DSN status code of a bounce, e.g. `5.1.1`. */
  readonly dsnStatus?: string;
  /** The feedback type of a complaint, e.g. `abuse`. */
  readonly complaintFeedbackType?: string;
  /** Earliest event time on the item, ISO 8601. */
  readonly firstEventAt: string;
  /** Latest event time on the item, ISO 8601. */
  readonly lastEventAt: string;
  /** Distinct SES events (or operator actions) applied to the item. */
  readonly eventCount: number;
}

/** Detail of `Address Suppressed`. */
interface AddressSuppressedDetail extends DetailBase, RecordDetail {
  /** `none` (no item before) or `soft` (escalated from a soft record). */
  readonly previousStatus: 'none' | 'soft';
}

/** Detail of `Address Unsuppressed`. */
interface AddressUnsuppressedDetail extends DetailBase {
  readonly cause: UnsuppressedCause;
  /** `true` exactly when DynamoDB's TTL process deleted the item. */
  readonly expired: boolean;
  /** Why the address had been suppressed, and what its item said then. */
  readonly previous: RecordDetail;
}

/** Detail of `Soft Record Changed`. */
interface SoftRecordChangedDetail extends DetailBase {
  readonly change: SoftRecordChange;
  /** Removed only: `true` when DynamoDB's TTL process deleted it. */
  readonly expired: boolean;
  /** The record after the change (before it, for a removal). */
  readonly record: RecordDetail;
}

/** An event as published: `source`, detail-type, time and detail. */
type ApplicationEvent =
  | { readonly detailType: typeof DetailType.ADDRESS_SUPPRESSED; readonly detail: AddressSuppressedDetail }
  | { readonly detailType: typeof DetailType.ADDRESS_UNSUPPRESSED; readonly detail: AddressUnsuppressedDetail }
  | { readonly detailType: typeof DetailType.SOFT_RECORD_CHANGED; readonly detail: SoftRecordChangedDetail };

/**
 * The EventBridge envelope a consumer receives (a rule target, or the webhook's request body).
 * `id` is EventBridge's and differs per put: deduplicate on `detail.eventId`.
 */
interface ApplicationEventEnvelope<D = ApplicationEvent['detail']> {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': DetailType;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: D;
}

export type {
  AddressSuppressedDetail,
  AddressUnsuppressedDetail,
  ApplicationEvent,
  ApplicationEventEnvelope,
  DetailBase,
  RecordDetail,
  SoftRecordChangedDetail,
};
