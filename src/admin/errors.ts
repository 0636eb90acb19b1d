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

/**
 * The smoke test could not start: the stack or one of its outputs is missing, or SES refused the
 * mail. Nothing was checked.
 *
 * @example
 * throw new SmokeTestSetupError('stack "SesBounceGuard" does not exist');
 */
class SmokeTestSetupError extends BounceGuardError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SmokeTestSetupError';
  }
}

export { MissingResourceError, SmokeTestSetupError };
