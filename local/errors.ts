/**
 * A failure of `npm start` that the user can act on: printed as one line (no stack trace), with
 * the exit code it carries.
 */
class StartError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode: number, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StartError';
    this.exitCode = exitCode;
  }
}

/** The command line cannot be run as given (exit code 2); the usage follows the message. */
class StartUsageError extends StartError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 2, options);
    this.name = 'StartUsageError';
  }
}

/** An input the local run cannot take, naming the file (and item) it is about (exit code 2). */
class InputError extends StartError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 2, options);
    this.name = 'InputError';
  }
}

/** The port DynamoDB Local is to listen on is taken by another process (exit code 1). */
class PortInUseError extends StartError {
  readonly port: number;

  constructor(port: number, options?: ErrorOptions) {
    super(
      `port ${port} is already in use (another DynamoDB Local, or \`npm start -- --keep\` still running?): stop it, or pass --port <another port>`,
      1,
      options,
    );
    this.name = 'PortInUseError';
    this.port = port;
  }
}

export { InputError, PortInUseError, StartError, StartUsageError };
