import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { ExitCode } from '../../../src/cli/exitCodes';
import { feedbackDigest } from '../../../src/domain/feedbackDigest';
import { runCli } from '../../helpers/cli';
import { recipientEvent, seed, softEvent } from '../../helpers/records';
import type { SesStub } from '../../helpers/sesStub';
import { startSesStub } from '../../helpers/sesStub';
import { createSuppressionTable, scanAll } from '../../helpers/table';

describe('Command: sync-ses', () => {
  let tableName: string;
  let target: string[];
  let ses: SesStub;

  beforeEach(async () => {
    tableName = await createSuppressionTable();
    // Five entries in pages of two: the sync must follow NextToken twice.
    ses = await startSesStub([
      { EmailAddress: 'both@example.com', Reason: 'BOUNCE', LastUpdateTime: '2026-01-01T00:00:00.000Z' },
      { EmailAddress: 'Bounced@Example.com', Reason: 'BOUNCE', LastUpdateTime: '2026-01-02T00:00:00.000Z' },
      { EmailAddress: 'complained@example.com', Reason: 'COMPLAINT', LastUpdateTime: '2026-01-03T00:00:00.000Z' },
      { EmailAddress: 'soft@example.com', Reason: 'BOUNCE', LastUpdateTime: '2026-01-04T00:00:00.000Z' },
      { EmailAddress: 'nonsense', Reason: 'BOUNCE', LastUpdateTime: '2026-01-05T00:00:00.000Z' },
    ]);
    target = ['--table', tableName, '--endpoint', inject('dynamoEndpoint'), '--ses-endpoint', ses.endpoint];
    await seed(tableName, recipientEvent('both@example.com'), recipientEvent('tableonly@example.com'), softEvent('soft@example.com'));
  });

  afterEach(async () => {
    await ses.close();
  });

  it("copies SES's list into the table and reports the drift both ways", async () => {
    // Act
    const { code, stdout } = await runCli(['sync-ses', '--default-policy', '--json', ...target]);

    // Assess
    expect(code).toBe(ExitCode.OK);
    expect(JSON.parse(stdout)).toEqual({
      sesEntries: 5,
      onlyInSes: ['bounced@example.com', 'complained@example.com', 'soft@example.com'],
      onlyInTable: ['tableonly@example.com'],
      applied: 4,
      duplicates: 0,
      invalid: ['nonsense'],
    });
    const listCalls = ses.requests.filter((r) => r.method === 'GET');
    expect(listCalls.map((r) => r.query.NextToken)).toEqual([undefined, '2', '4']);
    const items = await scanAll(tableName);
    expect(items.find((i) => i.email === 'complained@example.com')).toMatchObject({
      status: 'suppressed',
      reason: 'complaint',
      source: 'ses-account-suppression-list',
      lastEventAt: '2026-01-03T00:00:00.000Z',
    });
    expect([...((items.find((i) => i.email === 'bounced@example.com')?.feedbackIds as Set<string> | undefined) ?? [])]).toEqual([
      feedbackDigest('ses-sync:bounced@example.com:2026-01-02T00:00:00.000Z'),
    ]);
    // SES suppresses a soft-bounced address: the table follows.
    expect(items.find((i) => i.email === 'soft@example.com')).toMatchObject({ status: 'suppressed', eventCount: 2 });
    expect(items.find((i) => i.email === 'tableonly@example.com')).toMatchObject({ status: 'suppressed' });
  });

  it('changes nothing when run again', async () => {
    // Prepare
    await runCli(['sync-ses', '--default-policy', ...target]);
    const before = await scanAll(tableName);

    // Act
    const { code, stdout } = await runCli(['sync-ses', '--default-policy', ...target]);

    // Assess
    expect(code).toBe(ExitCode.OK);
    expect(stdout).toContain('SES account-level list: 5 entries; written 0, already synced 4');
    expect(stdout).toContain('only in SES (0)');
    expect(await scanAll(tableName)).toEqual(before);
  });

  it('reports without writing on --dry-run', async () => {
    // Prepare
    const before = await scanAll(tableName);

    // Act
    const { code, stdout } = await runCli(['sync-ses', '--default-policy', '--dry-run', ...target]);

    // Assess
    expect(code).toBe(ExitCode.OK);
    expect(stdout).toContain('only in SES (3), not written (--dry-run):\n  bounced@example.com\n');
    expect(stdout).toContain('only in the table (1), left alone:\n  tableonly@example.com\n');
    expect(await scanAll(tableName)).toEqual(before);
  });

  it('fails with exit 1 and writes nothing when SES cannot be read', async () => {
    // Prepare
    await ses.close();
    const before = await scanAll(tableName);

    // Act
    const { code, stderr } = await runCli(['sync-ses', '--default-policy', ...target]);

    // Assess
    expect(code).toBe(ExitCode.FAILED);
    expect(stderr).toMatch(/error: SES ListSuppressedDestinations failed: .*ECONNREFUSED/);
    expect(await scanAll(tableName)).toEqual(before);
  });
});
