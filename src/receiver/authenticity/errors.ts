import { BounceGuardError } from '../../domain/errors';

/**
 * An HTTPS request to SNS (certificate download, subscription confirmation) did not succeed: a
 * timeout, a network error, a status other than 200 or a body that is not what SNS serves. Says
 * nothing about the message's authenticity, so the record fails and is retried; nothing about it is
 * cached.
 */
class SnsRequestError extends BounceGuardError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SnsRequestError';
  }
}

export { SnsRequestError };
