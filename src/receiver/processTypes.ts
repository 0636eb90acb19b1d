import type { SuppressionPolicy } from '../domain/policy';
import type { RecipientEvent } from '../domain/types';
import type { ApplyResult } from '../store/SuppressionStore';

/** What processing needs from outside: where to write, and what to accept. */
interface ProcessDependencies {
  readonly store: { apply(event: RecipientEvent): Promise<ApplyResult> };
  /** The stack's SNS topic: envelopes of any other topic are rejected. */
  readonly topicArn: string;
  /**
   * The SES configuration sets whose events are accepted (the stack's own, and tenants' sets that
   * publish to the same topic): events tagged with any other one are rejected.
   */
  readonly configurationSetName: string | readonly string[];
  /**
   * Whether SNS signatures are verified. Turning it off leaves only the topic and
   * configuration-set checks, which anyone able to deliver to the function can pass, and stops
   * subscription confirmations.
   * @default true
   */
  readonly verifySignatures?: boolean;
  /**
   * Bound on one HTTPS request to SNS (certificate download, subscription confirmation).
   * @default 5000
   */
  readonly snsRequestTimeoutMs?: number;
  /**
   * Escalation and DSN override as `decide` applies them; give the store the same policy.
   * @default DEFAULT_POLICY
   */
  readonly policy?: SuppressionPolicy;
  /**
   * Writes in flight at once for one notification.
   * @default 16
   */
  readonly writeConcurrency?: number;
  /**
   * The clock event times are bounded by (see `boundEventTime`).
   * @default - the system clock
   */
  readonly now?: () => Date;
}

/** What became of one SNS envelope. */
type RecordOutcome =
  | {
      readonly kind: 'processed';
      /** The recipient-events written now (redeliveries excluded). */
      readonly applied: readonly Pick<RecipientEvent, 'status' | 'reason'>[];
      /** Recipient-events that had been written before. */
      readonly duplicates: number;
      /** Recipients skipped for having no valid address. */
      readonly invalidRecipients: number;
      /** 1 when the event's time lay outside the accepted window and was clamped. */
      readonly clampedTimes: number;
    }
  | { readonly kind: 'ignored'; readonly type: string }
  /** A `SubscriptionConfirmation` for the stack's topic, confirmed. */
  | { readonly kind: 'confirmed' }
  /**
   * Not proven to come from the stack's topic and configuration set: nothing written, logged with
   * its reason, counted, and the record succeeds so that it is not retried (retrying cannot make it
   * authentic).
   */
  | {
      readonly kind: 'rejected';
      readonly reason: string;
      /** The SES feedback id, when the refused message holds one: for the log line only. */
      readonly feedbackId?: string;
    }
  | { readonly kind: 'failed'; readonly error: Error };

export type { ProcessDependencies, RecordOutcome };
