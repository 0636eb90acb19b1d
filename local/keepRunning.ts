/** The signals that end a kept run: Ctrl-C in a terminal, and `kill <pid>`. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** The CLI command line that lists a local table; the docs show the same line. */
function cliLineFor(endpoint: string, tableName: string): string {
  return `npx ses-bounce-guard list --table ${tableName} --endpoint ${endpoint}`;
}

/**
 * Prints where the kept DynamoDB Local is and how to reach it, then waits for SIGINT or SIGTERM.
 * The handlers stay installed until the process ends, so a second Ctrl-C while DynamoDB Local
 * stops does not kill this process and leave the Java process behind.
 *
 * @returns the signal that ended the wait
 */
async function keepRunning(endpoint: string, tableName: string): Promise<NodeJS.Signals> {
  process.stdout.write(
    [
      '',
      'DynamoDB Local keeps running (--keep):',
      `  endpoint  ${endpoint}`,
      `  table     ${tableName}`,
      `  try       ${cliLineFor(endpoint, tableName)}`,
      `Ctrl-C (or kill ${process.pid}) stops it.`,
      '',
    ].join('\n'),
  );
  // Signal handlers alone do not keep Node's event loop alive.
  const alive = setInterval(() => undefined, 1 << 30);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    for (const name of STOP_SIGNALS) process.on(name, resolve);
  });
  clearInterval(alive);
  process.stderr.write(`start: ${signal}: stopping DynamoDB Local\n`);
  return signal;
}

export { cliLineFor, keepRunning };
