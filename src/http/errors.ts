import { BounceGuardError } from '../domain/errors';

/** A request body grew past the listener's limit: answered 413, not read further. */
class BodyTooLargeError extends BounceGuardError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BodyTooLargeError';
  }
}

/** A request body did not arrive within the listener's bound: answered 408. */
class BodyTimeoutError extends BounceGuardError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BodyTimeoutError';
  }
}

export { BodyTimeoutError, BodyTooLargeError };
