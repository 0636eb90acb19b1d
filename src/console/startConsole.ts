import { spawn } from 'node:child_process';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { clientSettings } from '../cli/context';
import type { SuppressionPolicy } from '../domain/policy';
import { SuppressionStore } from '../store/SuppressionStore';
import { ConsoleCommands } from './consoleCommands';
import { ConsoleData } from './consoleData';
import type { ConsoleServer } from './consoleServer';
import { createConsoleServer } from './consoleServer';

/**
 * A DynamoDB request that has not answered in this long fails (and is retried by the SDK), so a
 * page never waits on a hung connection. The SDK's shorthand `requestHandler` options:
 * https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/node-configuring-maxsockets.html
 * (`throwOnRequestTimeout`: without it, the handler only warns when `requestTimeout` passes).
 */
const REQUEST_TIMEOUT_MS = 10_000;
const CONNECTION_TIMEOUT_MS = 3_000;

/** An address no table holds: reading it proves the table is there and readable. */
const STARTUP_PROBE = 'console-startup-probe@example.invalid';

/** Where and as whom the console runs. */
interface StartConsoleOptions {
  readonly tableName: string;
  readonly region?: string;
  readonly endpoint?: URL;
  /** Named in the audit records of the console's writes. */
  readonly actor: string;
  /** The policy the console's writes follow (the deployed handler's, or the default on purpose). */
  readonly policy: SuppressionPolicy;
  /** Shown in the page header. */
  readonly target: string;
  /** @default 0 (a free port) */
  readonly port?: number;
  /** A client instead of the one made from region and endpoint (tests). */
  readonly client?: DynamoDBDocumentClient;
}

/** A DynamoDB client with request and connection timeouts, for the CLI's endpoint settings. */
function consoleClient(region: string | undefined, endpoint: URL | undefined): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      ...clientSettings(region, endpoint),
      requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, connectionTimeout: CONNECTION_TIMEOUT_MS, throwOnRequestTimeout: true },
    }),
  );
}

/**
 * Starts the console on 127.0.0.1 and resolves it with the URL to open (its token included).
 *
 * @example
 * const { url, console } = await startConsole({ tableName: 'SuppressionTable', actor: 'ops', target: 'table "SuppressionTable"', policy: DEFAULT_POLICY });
 */
async function startConsole(options: StartConsoleOptions): Promise<{ url: string; console: ConsoleServer }> {
  const client = options.client ?? consoleClient(options.region, options.endpoint);
  // A wrong table, region or credentials fail here, as any command's would, not on the first page.
  await new SuppressionStore({ tableName: options.tableName, client }).get(STARTUP_PROBE);
  const server = createConsoleServer({
    data: new ConsoleData(client, options.tableName),
    commands: new ConsoleCommands({ tableName: options.tableName, client, actor: options.actor, policy: options.policy }),
    target: options.target,
  });
  const url = await server.listen(options.port ?? 0);
  return { url, console: server };
}

/**
 * Opens a URL in the desktop's browser with `xdg-open` when there is one; a machine without it (a
 * server, a container) only loses the convenience: the URL is printed anyway.
 */
function openInBrowser(url: string): void {
  try {
    const child = spawn('xdg-open', [url], { stdio: 'ignore', detached: true });
    child.once('error', () => undefined);
    child.unref();
  } catch {
    // No xdg-open: the operator opens the printed URL.
  }
}

export type { StartConsoleOptions };
export { consoleClient, openInBrowser, startConsole };
