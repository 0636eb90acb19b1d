import type { RecordSource, SuppressionReason, SuppressionStatus } from './constants';

/** What SES said happened to one recipient, already decided: the unit the store writes. */
interface RecipientEvent {
  /** Normalised address: the table's key. */
  readonly email: string;
  /** SES feedback id: unique per (event, recipient list); with `email` it identifies the write. */
  readonly feedbackId: string;
  /** When the bounce or complaint happened, ISO 8601 UTC. */
  readonly eventAt: string;
  /** SES message id of the mail that bounced or was complained about. */
  readonly messageId: string;
  readonly source: RecordSource;
  readonly status: SuppressionStatus;
  readonly reason: SuppressionReason;
  readonly bounceType?: string;
  readonly bounceSubType?: string;
  readonly dsnStatus?: string;
  readonly diagnosticCode?: string;
  readonly complaintFeedbackType?: string;
  /**
   * The SES tenant this event suppresses the address for, when the policy scopes its reason to the
   * tenant (see `SuppressionPolicy.complaintScope`). Such an event's `status` is `soft`: it blocks
   * no send of another tenant, nor one without a tenant. Absent: the event is account-wide.
   */
  readonly tenant?: string;
}

/** The suppression table's view of one address, in domain terms (see `suppressionSchema` for names). */
interface SuppressionRecord {
  readonly email: string;
  readonly status: SuppressionStatus;
  readonly reason: SuppressionReason;
  readonly source: RecordSource;
  readonly bounceType?: string;
  readonly bounceSubType?: string;
  readonly dsnStatus?: string;
  readonly diagnosticCode?: string;
  readonly complaintFeedbackType?: string;
  /** Earliest event time seen. */
  readonly firstEventAt: string;
  /** Latest event time seen, and that event's message id. */
  readonly lastEventAt: string;
  readonly lastMessageId: string;
  /** Distinct events applied. */
  readonly eventCount: number;
  /**
   * Orders events by how much they decide: suppressing events beat soft ones, then later beats
   * earlier. The detail fields (reason, bounce type, DSN ...) always describe the event with the
   * highest key, whatever the order of arrival.
   */
  readonly decisionKey: string;
  /** Digests (`feedbackDigest`) of the feedback ids applied, newest generation. */
  readonly feedbackIds: ReadonlySet<string>;
  /** The generation before, kept so that a rotation never forgets a recent event. */
  readonly previousFeedbackIds?: ReadonlySet<string>;
  /**
   * The latest transient bounces as `<ISO time>#<feedback digest>` (see `softBounceEntry`), kept
   * only while soft-bounce escalation is on.
   */
  readonly softBounces?: ReadonlySet<string>;
  /**
   * The SES tenants the address is suppressed for, beside the account-wide `status`: a check for
   * one of them blocks even when the status is `soft`. Joined by a commutative `ADD`.
   */
  readonly tenants?: ReadonlySet<string>;
  /** Epoch seconds at which DynamoDB TTL removes the item, when the policy sets an expiry. */
  readonly expiresAt?: number;
  /**
   * When an operator last released the address (`remove`), ISO 8601 UTC. Events no newer than it
   * change nothing: a release wins over older evidence (see docs/write-design.md).
   */
  readonly releasedAt?: string;
}

export type { RecipientEvent, SuppressionRecord };
