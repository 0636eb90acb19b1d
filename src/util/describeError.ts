/**
 * An error as one line for a message or a log: `Name: message`, or the value as text when what
 * was thrown is not an Error.
 *
 * @example
 * throw new StoreUnavailableError(`Scan failed: ${describeError(error)}`, { cause: error });
 */
function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export { describeError };
