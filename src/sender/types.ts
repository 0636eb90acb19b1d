import type { RecordSource, SuppressionReason, SuppressionScope, SuppressionStatus } from '../domain/constants';
import type { CheckOutcome, SkipReason } from './constants';

/**
 * The part of a table item a check reads (see `CHECK_ATTRIBUTES`).
 *
 * @example
 * const { status, reason, lastEventAt } = (await checker.check(to)).record ?? {};
 */
interface StoredStatus {
  readonly status: SuppressionStatus;
  readonly reason: SuppressionReason;
  readonly source: RecordSource;
  /** When the latest event for the address happened, ISO 8601 UTC. */
  readonly lastEventAt: string;
}

/**
 * What a check found for one address.
 *
 * @example
 * // { address: 'Jane <JANE@example.com>', email: 'jane@example.com', outcome: 'suppressed', record: { status: 'suppressed', reason: 'bounce', ... } }
 */
interface AddressCheck {
  /** The address as it was given. */
  readonly address: string;
  /** Its normalised form, the table key; absent when the address is invalid. */
  readonly email?: string;
  readonly outcome: CheckOutcome;
  /**
   * For outcome `suppressed` of a check for a tenant: `account` when the address is suppressed for
   * every send, `tenant` when only for the tenant checked for (its item's status is then `soft`).
   * Checks without a tenant leave it out.
   */
  readonly scope?: SuppressionScope;
  /** The item found, if any; a `soft` item gives outcome `clear` but is still reported here. */
  readonly record?: StoredStatus;
}

/**
 * Options of a check.
 *
 * @example
 * await checker.checkMany(recipients, { tenant: 'tenant-a' });
 */
interface CheckOptions {
  /**
   * The SES tenant the mail is sent for (its `TenantName`, exact case): addresses suppressed for
   * this tenant are blocked too, besides those suppressed account-wide.
   * @default - no tenant: only account-wide suppressions block
   */
  readonly tenant?: string;
}

/**
 * The recipient fields of a send.
 *
 * @example
 * const field: RecipientField = 'cc';
 */
type RecipientField = 'to' | 'cc' | 'bcc';

/**
 * A recipient left out of a send, and why.
 *
 * @example
 * // { address: 'bounced@example.com', field: 'to', reason: 'suppressed', record: { reason: 'bounce', ... } }
 */
interface SkippedRecipient {
  readonly address: string;
  readonly field: RecipientField;
  readonly reason: SkipReason;
  /** The item that suppressed the address, for reason `suppressed`. */
  readonly record?: StoredStatus;
}

/**
 * The recipients that went to SES, per field.
 *
 * @example
 * // { to: ['jane@example.com'], cc: [], bcc: ['audit@example.com'] }
 */
interface SentRecipients {
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly bcc: readonly string[];
}

/**
 * The outcome of one guarded send.
 *
 * @example
 * const { status, messageId, sent, skipped, checked } = await sender.send(request);
 */
interface GuardedSendResult {
  /** `sent` when SES accepted the mail; `not-sent` when no recipient was left, so SES was not called. */
  readonly status: 'sent' | 'not-sent';
  /** SES's message id, when sent. */
  readonly messageId?: string;
  readonly sent: SentRecipients;
  readonly skipped: readonly SkippedRecipient[];
  /**
   * `false` only when the table could not be read and the sender fails open: the mail went out
   * unchecked. `checkError` then says why.
   */
  readonly checked: boolean;
  readonly checkError?: Error;
}

export type { AddressCheck, CheckOptions, GuardedSendResult, RecipientField, SentRecipients, SkippedRecipient, StoredStatus };
