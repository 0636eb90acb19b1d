import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { removeSuppression } from '../../src/admin/removeSuppression';
import { ExitCode } from '../../src/cli/exitCodes';
import { SuppressionReason, SuppressionStatus } from '../../src/domain/constants';
import { SuppressionChecker } from '../../src/sender/SuppressionChecker';
import { SuppressionStore } from '../../src/store/SuppressionStore';
import { runCli } from '../helpers/cli';
import { recipientEvent } from '../helpers/records';
import { createSuppressionTable, localDocumentClient } from '../helpers/table';

const EMAIL = 'jane@example.com';
const RELEASED_AT = new Date('2026-03-01T12:00:00.000Z');

describe('Operator releases', () => {
  const client = localDocumentClient();
  let tableName: string;

  beforeEach(async () => {
    tableName = await createSuppressionTable();
  });

  const complaint = recipientEvent(EMAIL, {
    status: SuppressionStatus.SUPPRESSED,
    reason: SuppressionReason.COMPLAINT,
    eventAt: '2026-03-01T11:00:00.000Z',
  });

  async function released(): Promise<SuppressionStore> {
    const warm = new SuppressionStore({ tableName, client });
    expect(await warm.apply(complaint)).toBe('applied');
    await removeSuppression(client, tableName, EMAIL, { actor: 'ops', now: () => RELEASED_AT });
    return warm;
  }

  it.each([
    ['a warm container (the store that wrote it)', true],
    ['a cold container (a new store)', false],
  ])('keeps an address released when the same old complaint is redelivered to %s', async (_label, warm) => {
    // Prepare
    const writer = await released();
    const store = warm ? writer : new SuppressionStore({ tableName, client });

    // Act
    const result = await store.apply(complaint);

    // Assess
    expect(['duplicate', 'released']).toContain(result);
    expect(await store.get(EMAIL)).toBeUndefined();
    expect((await new SuppressionChecker({ tableName, client }).check(EMAIL)).outcome).toBe('clear');
  });

  it('keeps it released against another event no newer than the release, on a cold container', async () => {
    // Prepare
    await released();
    const store = new SuppressionStore({ tableName, client });

    // Act
    const result = await store.apply(recipientEvent(EMAIL, { eventAt: RELEASED_AT.toISOString() }));

    // Assess
    expect(result).toBe('released');
    expect((await client.send(new GetCommand({ TableName: tableName, Key: { email: EMAIL }, ConsistentRead: true }))).Item).toEqual({
      email: EMAIL,
      releasedAt: RELEASED_AT.toISOString(),
    });
  });

  it.each([
    ['warm', true],
    ['cold', false],
  ])('suppresses again on an event newer than the release (%s), and keeps the release for older ones', async (_label, warm) => {
    // Prepare
    const writer = await released();
    const store = warm ? writer : new SuppressionStore({ tableName, client });

    // Act
    const newer = await store.apply(recipientEvent(EMAIL, { eventAt: '2026-03-02T00:00:00.000Z' }));
    const older = await new SuppressionStore({ tableName, client }).apply(recipientEvent(EMAIL, { eventAt: '2026-02-01T00:00:00.000Z' }));

    // Assess
    expect(newer).toBe('applied');
    expect(older).toBe('released');
    expect(await store.get(EMAIL)).toMatchObject({
      status: 'suppressed',
      eventCount: 1,
      firstEventAt: '2026-03-02T00:00:00.000Z',
      releasedAt: RELEASED_AT.toISOString(),
    });
    expect((await new SuppressionChecker({ tableName, client }).check(EMAIL)).outcome).toBe('suppressed');
  });

  it('refuses an add older than a release (a skewed clock) with a clear error, writing nothing', async () => {
    // Prepare: a release stamped ahead of this machine's clock
    const marker = { email: EMAIL, releasedAt: '2999-01-01T00:00:00.000Z' };
    await client.send(new PutCommand({ TableName: tableName, Item: marker }));

    // Act
    const { code, stderr } = await runCli([
      'add',
      '--default-policy',
      EMAIL,
      '--reason',
      'manual',
      '--table',
      tableName,
      '--endpoint',
      inject('dynamoEndpoint'),
    ]);

    // Assess
    expect(code).toBe(ExitCode.FAILED);
    expect(stderr).toMatch(/jane@example.com was released by a remove at or after .*: nothing changed; check the clock and add again/);
    expect((await client.send(new GetCommand({ TableName: tableName, Key: { email: EMAIL }, ConsistentRead: true }))).Item).toEqual(marker);
  });
});
