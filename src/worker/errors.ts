import { BounceGuardError } from '../domain/errors';

/**
 * A queue message holds a bare SES event (raw message delivery on) and the worker does not trust
 * the queue: without the SNS envelope its origin cannot be checked. The message is left in the
 * queue, so that it reaches the dead-letter queue rather than vanishing.
 */
class RawDeliveryRefusedError extends BounceGuardError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RawDeliveryRefusedError';
  }
}

export { RawDeliveryRefusedError };
