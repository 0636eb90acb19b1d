import { BounceGuardError } from '../domain/errors';
import type { SkippedRecipient } from './types';

/**
 * A guarded send was refused because the suppression table could not be read and the sender
 * fails closed. Nothing was sent; `cause` holds the store's error. Retry later, or construct the
 * sender with `failureMode: 'open'` where a send matters more than the check.
 *
 * @example
 * ```ts
 * try {
 *   await sender.send(request);
 * } catch (error) {
 *   if (error instanceof SendRefusedError) return retryLater(request);
 *   throw error;
 * }
 * ```
 */
class SendRefusedError extends BounceGuardError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SendRefusedError';
  }
}

/**
 * A send was refused because no recipient was left once suppressed and invalid ones were dropped.
 * Nothing was sent; `skipped` says who and why. Raised where the caller cannot be handed a
 * `not-sent` result (the nodemailer transport, whose `sendMail` must either send or fail).
 *
 * @example
 * ```ts
 * try {
 *   await transport.sendMail(mail);
 * } catch (error) {
 *   if (error instanceof AllRecipientsSuppressedError) return markUndeliverable(error.skipped);
 *   throw error;
 * }
 * ```
 */
class AllRecipientsSuppressedError extends BounceGuardError {
  readonly skipped: readonly SkippedRecipient[];

  constructor(message: string, skipped: readonly SkippedRecipient[], options?: ErrorOptions) {
    super(message, options);
    this.name = 'AllRecipientsSuppressedError';
    this.skipped = skipped;
  }
}

/**
 * The checker is set up wrong: an option is missing or invalid, the table does not exist, or the
 * caller may not read it. Unlike an outage this never fixes itself, so it is raised in both failure
 * modes: `open` never turns a wrong table name into mail sent unchecked.
 *
 * @example
 * ```ts
 * new SuppressionChecker({ tableName: '' }); // throws CheckerMisconfiguredError
 * ```
 */
class CheckerMisconfiguredError extends BounceGuardError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CheckerMisconfiguredError';
  }
}

/**
 * A check or send named a tenant that is no SES tenant name (1 to 64 letters, digits, `-` or
 * `_`). Nothing was read or sent: a mistyped tenant would otherwise pass every address that only
 * the real tenant has suppressed.
 *
 * @example
 * ```ts
 * await checker.checkMany(recipients, { tenant: 'tenant a' }); // throws InvalidTenantError
 * ```
 */
class InvalidTenantError extends BounceGuardError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidTenantError';
  }
}

export { AllRecipientsSuppressedError, CheckerMisconfiguredError, InvalidTenantError, SendRefusedError };
