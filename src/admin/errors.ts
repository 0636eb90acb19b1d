import { BounceGuardError } from '../domain/errors';

/**
 * A queue or function an operator command was pointed at does not exist (or is not visible with
 * these credentials and region). The command changed nothing.
 *
 * @example
 * throw new MissingResourceError('source queue https://sqs.../dlq does not exist. Nothing was moved.');
 */
class MissingResourceError extends BounceGuardError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MissingResourceError';
  }
}

export { MissingResourceError };
