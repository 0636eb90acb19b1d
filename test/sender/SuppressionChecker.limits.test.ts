import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { DynamoProxy } from '../../local/dynamoProxy';
import { startDynamoProxy } from '../../local/dynamoProxy';
import { StoreUnavailableError } from '../../src/domain/errors';
import { CheckerMisconfiguredError } from '../../src/sender/errors';
import { GuardedSender } from '../../src/sender/GuardedSender';
import { SuppressionChecker } from '../../src/sender/SuppressionChecker';
import type { SesStub } from '../helpers/sesStub';
import { startSesStub } from '../helpers/sesStub';
import type { SilentServer } from '../helpers/silentServer';
import { startSilentServer } from '../helpers/silentServer';
import { createSuppressionTable, localDocumentClient } from '../helpers/table';

const CONTENT = { Simple: { Subject: { Data: 'Your order' }, Body: { Text: { Data: 'Shipped.' } } } };
const LOCAL = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } as const;
const REQUEST = { Destination: { ToAddresses: ['jane@example.com'] }, Content: CONTENT };

describe('Class: SuppressionChecker (limits and misconfiguration)', () => {
  let silent: SilentServer;
  let ses: SesStub;
  let proxy: DynamoProxy;
  let tableName: string;

  beforeEach(async () => {
    silent = await startSilentServer();
    ses = await startSesStub();
    proxy = await startDynamoProxy(inject('dynamoEndpoint'));
    tableName = await createSuppressionTable();
  });

  afterEach(async () => {
    await silent.close();
    await ses.close();
    await proxy.close();
  });

  it('gives up on a server that accepts and never answers, within its request timeout', async () => {
    // Prepare
    const checker = new SuppressionChecker({ tableName, clientConfig: { ...LOCAL, endpoint: silent.endpoint, maxAttempts: 1 }, requestTimeoutMs: 200 });
    const started = Date.now();

    // Act
    const result = await checker.checkMany(['jane@example.com']).catch((error: unknown) => error);

    // Assess
    expect(result).toBeInstanceOf(StoreUnavailableError);
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(silent.connections()).toBeGreaterThan(0);
  });

  it('bounds the whole check, retries included, by totalTimeoutMs even with a client of its own', async () => {
    // Prepare: the caller's client has no timeouts at all and retries 5 times.
    const checker = new SuppressionChecker({ tableName, client: localDocumentClient(silent.endpoint, 5), totalTimeoutMs: 300 });
    const started = Date.now();

    // Act
    const result = await checker.checkMany(['jane@example.com']).catch((error: unknown) => error);

    // Assess
    expect(result).toBeInstanceOf(StoreUnavailableError);
    expect((result as Error).message).toMatch(/gave no answer: .* within 300 ms/);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('on a hung table, a closed sender refuses clearly and an open one sends and flags it, both in bounded time', async () => {
    // Prepare
    const checker = () => new SuppressionChecker({ tableName, client: localDocumentClient(silent.endpoint, 1), totalTimeoutMs: 300 });
    const closed = new GuardedSender({ checker: checker(), ses: ses.client() });
    const open = new GuardedSender({ checker: checker(), ses: ses.client(), failureMode: 'open' });
    const started = Date.now();

    // Act
    const refused = await closed.send(REQUEST).catch((error: unknown) => error);
    const sent = await open.send(REQUEST);

    // Assess
    expect(refused).toHaveProperty('name', 'SendRefusedError');
    expect((refused as Error).message).toMatch(/could not be read \(the suppression table .* gave no answer/);
    expect(sent).toMatchObject({ status: 'sent', checked: false });
    expect(sent.checkError?.message).toMatch(/gave no answer/);
    expect(ses.sentEmails()).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses to be built without a table name or with an invalid option', () => {
    // Act & Assess
    expect(() => new SuppressionChecker({ tableName: '' })).toThrow(CheckerMisconfiguredError);
    expect(() => new SuppressionChecker({ tableName: undefined as unknown as string })).toThrow(/tableName is required/);
    expect(() => new SuppressionChecker({ tableName, maxAttempts: Number.NaN })).toThrow(/maxAttempts must be an integer >= 1 \(got NaN\)/);
    expect(() => new SuppressionChecker({ tableName, maxAttempts: 0.5 })).toThrow(CheckerMisconfiguredError);
    expect(() => new SuppressionChecker({ tableName, totalTimeoutMs: Number.POSITIVE_INFINITY })).toThrow(/totalTimeoutMs/);
    expect(() => new SuppressionChecker({ tableName, backoffBaseMs: -1 })).toThrow(/backoffBaseMs/);
  });

  it('treats a missing table as an error in both modes, never a reason to send unchecked', async () => {
    // Prepare
    const missing = new SuppressionChecker({ tableName: 'no-such-table', client: localDocumentClient(undefined, 1) });
    const open = new GuardedSender({ checker: missing, ses: ses.client(), failureMode: 'open' });
    const closed = new GuardedSender({ checker: missing, ses: ses.client() });

    // Act
    const checked = await missing.checkMany(['jane@example.com']).catch((error: unknown) => error);
    const openSend = await open.send(REQUEST).catch((error: unknown) => error);
    const closedSend = await closed.send(REQUEST).catch((error: unknown) => error);

    // Assess
    expect(checked).toBeInstanceOf(CheckerMisconfiguredError);
    expect((checked as Error).message).toMatch(/ResourceNotFoundException.*Check the table name/);
    expect(openSend).toBeInstanceOf(CheckerMisconfiguredError);
    expect(closedSend).toBeInstanceOf(CheckerMisconfiguredError);
    expect(ses.requests).toHaveLength(0);
  });

  it('treats an access denial as an error in open mode too', async () => {
    // Prepare
    proxy.intercept('BatchGetItem', () => ({
      respond: { status: 400, body: { __type: 'com.amazon.coral.service#AccessDeniedException', message: 'not authorized to perform dynamodb:BatchGetItem' } },
    }));
    const open = new GuardedSender({
      checker: new SuppressionChecker({ tableName, client: localDocumentClient(proxy.endpoint, 1) }),
      ses: ses.client(),
      failureMode: 'open',
    });

    // Act
    const result = await open.send(REQUEST).catch((error: unknown) => error);

    // Assess
    expect(result).toBeInstanceOf(CheckerMisconfiguredError);
    expect(ses.requests).toHaveLength(0);
  });

  it('reads a response without the table key as an error, not as "clear"', async () => {
    // Prepare
    proxy.intercept('BatchGetItem', () => ({ respond: { status: 200, body: { Responses: {}, UnprocessedKeys: {} } } }));
    const checker = new SuppressionChecker({ tableName, client: localDocumentClient(proxy.endpoint, 1) });

    // Act
    const result = await checker.checkMany(['jane@example.com']).catch((error: unknown) => error);

    // Assess
    expect(result).toBeInstanceOf(StoreUnavailableError);
    expect((result as Error).message).toMatch(/no Responses for the table/);
  });
});
