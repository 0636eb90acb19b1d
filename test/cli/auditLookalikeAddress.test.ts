import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { applicationEventFor } from '../../lambda/changeEvents/transition';
import { ExitCode } from '../../src/cli/exitCodes';
import { isAuditKey, keyOf, toItem } from '../../src/store/suppressionSchema';
import { runCli } from '../helpers/cli';
import { recipientEvent, seed } from '../helpers/records';
import { createSuppressionTable, localDocumentClient, scanAll } from '../helpers/table';

/** A valid address that reads like an audit key to a prefix test. */
const LOOKALIKE = 'audit#x@example.com';

describe('An address that looks like an audit key', () => {
  let tableName: string;
  let target: string[];
  let dir: string;

  beforeEach(async () => {
    tableName = await createSuppressionTable();
    target = ['--table', tableName, '--endpoint', inject('dynamoEndpoint')];
    dir = await mkdtemp(join(tmpdir(), 'lookalike-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is an address, and audit keys (of today and of earlier versions) are not', () => {
    expect(keyOf(LOOKALIKE)).toEqual({ email: LOOKALIKE });
    expect(isAuditKey(LOOKALIKE)).toBe(false);
    expect(isAuditKey('audit#2026-01-01T00:00:00.000Z#6f1c8a52-3a4e-4b59-9d1c-0a6f3f1e2b7d')).toBe(true);
  });

  it('round-trips through add, check, list, stats, export, import and remove', async () => {
    // Act
    const added = await runCli(['add', '--default-policy', 'Audit#X@Example.com', '--reason', 'manual', ...target]);
    const checked = await runCli(['check', LOOKALIKE, '--json', ...target]);
    const listed = await runCli(['list', '--json', ...target]);
    const stats = await runCli(['stats', '--json', ...target]);
    const backup = join(dir, 'backup.jsonl');
    const exported = await runCli(['export', '--output', backup, '--quiet', ...target]);
    const empty = await createSuppressionTable();
    const imported = await runCli(['import', '--default-policy', backup, '--table', empty, '--endpoint', inject('dynamoEndpoint')]);
    const removed = await runCli(['remove', LOOKALIKE, ...target]);
    const after = await runCli(['check', LOOKALIKE, '--json', ...target]);

    // Assess
    expect(added.code).toBe(ExitCode.OK);
    expect(checked.stdout).toContain('"suppressed"');
    expect(listed.stdout).toContain(LOOKALIKE);
    expect(JSON.parse(stats.stdout)).toMatchObject({ total: 1 });
    expect(exported.code).toBe(ExitCode.OK);
    expect(imported.stdout).toMatch(/1 restored/);
    // The restored record, and the import run's own audit record.
    expect((await scanAll(empty)).filter((item) => !isAuditKey(item.email)).map((item) => item.email)).toEqual([LOOKALIKE]);
    expect(removed.stdout).toMatch(/^audit#x@example.com: removed from the table/);
    expect(after.stdout).toContain('"clear"');
    const audits = (await scanAll(tableName)).filter((item) => isAuditKey(item.email));
    expect(audits.map((item) => item.auditAddress).sort()).toEqual([LOOKALIKE, LOOKALIKE]);
  });

  it('is listed next to an audit record written the way earlier versions wrote them, which stays out of the list', async () => {
    // Prepare
    await seed(tableName, recipientEvent(LOOKALIKE));
    await localDocumentClient().send(
      new PutCommand({
        TableName: tableName,
        Item: { email: 'audit#2025-12-01T00:00:00.000Z#0b6e3c1e-1111-4a4a-8888-000000000000', auditAction: 'remove', auditAddress: 'old@example.com' },
      }),
    );

    // Act
    const listed = await runCli(['list', '--json', ...target]);

    // Assess
    expect(listed.code).toBe(ExitCode.OK);
    expect(listed.stdout).toContain(LOOKALIKE);
    expect(listed.stdout).not.toContain('2025-12-01');
  });

  it('means an application event when its item changes in the stream', () => {
    // Prepare
    const item = toItem({
      email: LOOKALIKE,
      status: 'suppressed',
      reason: 'bounce',
      source: 'ses-event-publishing',
      firstEventAt: '2026-01-01T00:00:00.000Z',
      lastEventAt: '2026-01-01T00:00:00.000Z',
      lastMessageId: 'm-1',
      eventCount: 1,
      decisionKey: 'k',
      feedbackIds: new Set(['f-1']),
    });
    const image = (value: Record<string, unknown>) => marshall(value) as Record<string, AttributeValue>;

    // Act
    const event = applicationEventFor(
      {
        eventID: 'event-1',
        eventName: 'INSERT',
        dynamodb: { Keys: image({ email: LOOKALIKE }) as never, NewImage: image(item) as never, SequenceNumber: '1', ApproximateCreationDateTime: 1 },
      },
      { softRecordEvents: false },
    );

    // Assess
    expect(event).toMatchObject({ detailType: 'Address Suppressed', detail: { address: LOOKALIKE } });
  });
});
