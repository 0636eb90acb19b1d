import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../local/dynamoDbLocal';
import type { DynamoProxy } from '../../local/dynamoProxy';
import { startDynamoProxy } from '../../local/dynamoProxy';
import { StoreUnavailableError } from '../../src/domain/errors';
import { SuppressionChecker } from '../../src/sender/SuppressionChecker';
import { recipientEvent, seed, softEvent } from '../helpers/records';
import { createSuppressionTable, localDocumentClient } from '../helpers/table';

describe('Class: SuppressionChecker', () => {
  let tableName: string;
  let proxy: DynamoProxy;
  let checker: SuppressionChecker;

  beforeEach(async () => {
    tableName = await createSuppressionTable();
    proxy = await startDynamoProxy(inject('dynamoEndpoint'));
    checker = new SuppressionChecker({ tableName, client: localDocumentClient(proxy.endpoint, 1), backoffBaseMs: 1 });
  });

  afterEach(async () => {
    await proxy.close();
  });

  it('finds a suppressed address whatever its spelling, and says why', async () => {
    // Prepare
    await seed(tableName, recipientEvent('jane@example.com', { eventAt: '2026-02-03T04:05:06.000Z' }));

    // Act
    const check = await checker.check('"Jane Doe" <JANE@Example.COM>');

    // Assess
    expect(check).toEqual({
      address: '"Jane Doe" <JANE@Example.COM>',
      email: 'jane@example.com',
      outcome: 'suppressed',
      record: { status: 'suppressed', reason: 'bounce', source: 'ses-event-publishing', lastEventAt: '2026-02-03T04:05:06.000Z' },
    });
    expect(await checker.isSuppressed('jane@example.com')).toBe(true);
    expect(await checker.isSuppressed('john@example.com')).toBe(false);
  });

  it('reports a soft record without blocking', async () => {
    // Prepare
    await seed(tableName, softEvent('soft@example.com'));

    // Act
    const check = await checker.check('soft@example.com');

    // Assess
    expect(check.outcome).toBe('clear');
    expect(check.record).toMatchObject({ status: 'soft', reason: 'transient_bounce' });
    expect(await checker.isSuppressed('soft@example.com')).toBe(false);
  });

  it('reports an invalid address without throwing or asking DynamoDB', async () => {
    // Act
    const checks = await checker.checkMany(['not an address', '']);

    // Assess
    expect(checks.map((c) => c.outcome)).toEqual(['invalid', 'invalid']);
    expect(proxy.count('BatchGetItem')).toBe(0);
  });

  it('checks 250 recipients in 3 BatchGetItem requests with a projection of the needed fields', async () => {
    // Prepare
    const addresses = Array.from({ length: 250 }, (_, i) => `user${i}@example.com`);
    await seed(tableName, recipientEvent('user7@example.com'), recipientEvent('user180@example.com'), softEvent('user249@example.com'));

    // Act
    const checks = await checker.checkMany(addresses);

    // Assess
    expect(proxy.count('BatchGetItem')).toBe(3);
    const batches = proxy.requests.map((r) => (r.body.RequestItems as Record<string, { Keys: unknown[]; ProjectionExpression: string }>)[tableName]!);
    expect(batches.map((b) => b.Keys.length).sort((a, b) => a - b)).toEqual([50, 100, 100]);
    expect(batches[0]?.ProjectionExpression).toBe('#email, #status, #reason, #source, #lastEventAt, #releasedAt');
    expect(checks.filter((c) => c.outcome === 'suppressed').map((c) => c.address)).toEqual(['user7@example.com', 'user180@example.com']);
    expect(checks[249]?.record?.status).toBe('soft');
  });

  it('asks for a repeated address once and answers it for every occurrence', async () => {
    // Prepare
    await seed(tableName, recipientEvent('jane@example.com'));

    // Act
    const checks = await checker.checkMany(['jane@example.com', 'JANE@example.com', 'john@example.com']);

    // Assess
    expect(checks.map((c) => c.outcome)).toEqual(['suppressed', 'suppressed', 'clear']);
    const keys = (proxy.requests[0]?.body.RequestItems as Record<string, { Keys: unknown[] }> | undefined)?.[tableName]?.Keys;
    expect(keys).toHaveLength(2);
  });

  it('retries UnprocessedKeys until every key is answered', async () => {
    // Prepare: the first two requests process only their first key and hand back the rest.
    await seed(tableName, recipientEvent('c@example.com'));
    proxy.intercept(
      'BatchGetItem',
      ({ body }) => {
        const requestItems = body.RequestItems as Record<string, { Keys: unknown[] }>;
        const request = requestItems[tableName]!;
        const [first, ...rest] = request.Keys;
        return {
          forward: { ...body, RequestItems: { [tableName]: { ...request, Keys: [first] } } },
          transform: (response) => ({ ...response, UnprocessedKeys: rest.length === 0 ? {} : { [tableName]: { ...request, Keys: rest } } }),
        };
      },
      2,
    );

    // Act
    const checks = await checker.checkMany(['a@example.com', 'b@example.com', 'c@example.com']);

    // Assess
    expect(proxy.count('BatchGetItem')).toBe(3);
    const sizes = proxy.requests.map((r) => (r.body.RequestItems as Record<string, { Keys: unknown[] }>)[tableName]!.Keys.length);
    expect(sizes).toEqual([3, 2, 1]);
    expect(checks.map((c) => c.outcome)).toEqual(['clear', 'clear', 'suppressed']);
  });

  it('gives up with StoreUnavailableError when keys stay unprocessed', async () => {
    // Prepare
    checker = new SuppressionChecker({ tableName, client: localDocumentClient(proxy.endpoint, 1), backoffBaseMs: 1, maxAttempts: 3 });
    proxy.intercept('BatchGetItem', ({ body }) => ({
      respond: { status: 200, body: { Responses: { [tableName]: [] }, UnprocessedKeys: body.RequestItems } },
    }));

    // Act
    const result = checker.checkMany(['a@example.com']);

    // Assess
    await expect(result).rejects.toThrow(StoreUnavailableError);
    await expect(result).rejects.toThrow(/1 keys unprocessed after 3 attempts/);
    expect(proxy.count('BatchGetItem')).toBe(3);
  });

  it('throws StoreUnavailableError when DynamoDB fails or cannot be reached', async () => {
    // Prepare
    proxy.fail('BatchGetItem');
    const closed = new SuppressionChecker({ tableName, client: localDocumentClient(`http://127.0.0.1:${await freePort()}`, 1) });

    // Act & Assess
    await expect(checker.checkMany(['a@example.com'])).rejects.toThrow(StoreUnavailableError);
    await expect(closed.checkMany(['a@example.com'])).rejects.toThrow(/BatchGetItem on suppression-.* failed/);
  });
});
