import { BounceGuardError } from '../domain/errors';

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

export { InvalidTenantError, SendRefusedError };
