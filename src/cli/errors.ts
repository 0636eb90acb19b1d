import { BounceGuardError } from '../domain/errors';

/**
 * The command line cannot be run as given (exit code 2). The message says what is wrong.
 *
 * @example
 * throw new UsageError('add needs exactly one address');
 */
class UsageError extends BounceGuardError {
  /** The command whose help applies, if any. */
  readonly command?: string;

  constructor(message: string, command?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UsageError';
    if (command !== undefined) this.command = command;
  }
}

/**
 * The operation was refused or failed in a way the operator must read (exit code 1), for example
 * an import file with bad lines. Nothing was changed.
 *
 * @example
 * throw new OperationFailedError('jane@example.com is not in the table');
 */
class OperationFailedError extends BounceGuardError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'OperationFailedError';
  }
}

export { OperationFailedError, UsageError };
