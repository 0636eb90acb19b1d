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

export { CheckerMisconfiguredError, SendRefusedError };
