/** Base class of every error this project raises on purpose. */
class BounceGuardError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BounceGuardError';
  }
}

/**
 * The input can never be processed as it is (not JSON, or without a field the decision needs).
 * Retrying does not help; the record is failed once more only so that it reaches the dead-letter
 * queue instead of vanishing.
 */
class MalformedMessageError extends BounceGuardError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MalformedMessageError';
  }
}

/** The suppression table could not be read or written (network, throttling, outage). Retry later. */
class StoreUnavailableError extends BounceGuardError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

export { BounceGuardError, MalformedMessageError, StoreUnavailableError };
