import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DynamoDbLocal } from '../../local/dynamoDbLocal';
import { startDynamoDbLocal } from '../../local/dynamoDbLocal';
import { createLocalSuppressionTable } from '../../local/localDynamo';
import { ExitCode } from '../../src/cli/exitCodes';
import { SuppressionChecker } from '../../src/sender/SuppressionChecker';
import { runCli } from '../helpers/cli';
import type { SilentServer } from '../helpers/silentServer';
import { startSilentServer } from '../helpers/silentServer';
import { localDocumentClient } from '../helpers/table';

/** The credentials a service beside the CLI runs with: not the CLI's placeholders (DynamoDB Local takes letters and digits only). */
const TEAM = { accessKeyId: 'teamKey', secretAccessKey: 'teamSecret' } as const;
const CREDENTIAL_ENV = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_PROFILE',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_EC2_METADATA_DISABLED',
];

describe('CLI: credentials for a local endpoint', () => {
  let dynamo: DynamoDbLocal;
  let saved: Record<string, string | undefined>;

  beforeAll(async () => {
    // One database per access key and region: what a developer runs by hand.
    dynamo = await startDynamoDbLocal({ sharedDb: false });
  });

  afterAll(async () => {
    await dynamo.stop();
  });

  beforeEach(() => {
    saved = Object.fromEntries(CREDENTIAL_ENV.map((name) => [name, process.env[name]]));
  });

  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('sees the table the library sees, with the credentials of the environment', async () => {
    // Prepare: the service (library) and the operator (CLI) share one environment's credentials.
    process.env.AWS_ACCESS_KEY_ID = TEAM.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = TEAM.secretAccessKey;
    const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: TEAM }));
    const tableName = await createLocalSuppressionTable(client);
    const checker = new SuppressionChecker({ tableName, client });
    const target = ['--table', tableName, '--endpoint', dynamo.endpoint];

    // Act
    const added = await runCli(['add', '--default-policy', 'jane@example.com', '--reason', 'manual', ...target]);
    const listed = await runCli(['list', '--json', ...target]);

    // Assess
    expect(added.code, added.stderr).toBe(ExitCode.OK);
    expect(await checker.isSuppressed('jane@example.com')).toBe(true);
    expect(listed.stdout).toContain('jane@example.com');
  });

  it('falls back to local placeholders only when no credentials are configured', async () => {
    // Prepare: nothing in the environment, no profile files, no instance metadata.
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE']) delete process.env[name];
    process.env.AWS_CONFIG_FILE = '/nonexistent/config';
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/credentials';
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    const tableName = await createLocalSuppressionTable(localDocumentClient(dynamo.endpoint));

    // Act
    const added = await runCli(['add', '--default-policy', 'john@example.com', '--reason', 'manual', '--table', tableName, '--endpoint', dynamo.endpoint]);

    // Assess
    expect(added.code, added.stderr).toBe(ExitCode.OK);
    expect(await new SuppressionChecker({ tableName, client: localDocumentClient(dynamo.endpoint) }).isSuppressed('john@example.com')).toBe(true);
  });
});

describe('CLI: timeouts', () => {
  let silent: SilentServer;

  beforeEach(async () => {
    silent = await startSilentServer();
  });

  afterEach(async () => {
    await silent.close();
  });

  it('gives up on an endpoint that accepts and never answers, with a clear error', async () => {
    // Act
    const started = Date.now();
    const result = await runCli(['check', 'jane@example.com', '--table', 't', '--endpoint', silent.endpoint, '--request-timeout', '200']);

    // Assess
    expect(result.code).toBe(ExitCode.FAILED);
    expect(result.stderr).toMatch(/^error: .*(timeout|TimeoutError|no answer)/i);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it.each(['NaN', '0', '-5', '1.5', 'abc'])('refuses --request-timeout %s as a usage error', async (value) => {
    // Act
    const result = await runCli(['check', 'jane@example.com', '--table', 't', '--endpoint', silent.endpoint, `--request-timeout=${value}`]);

    // Assess
    expect(result.code).toBe(ExitCode.USAGE);
    expect(result.stderr).toContain('--request-timeout must be a positive integer');
    expect(silent.connections()).toBe(0);
  });
});
