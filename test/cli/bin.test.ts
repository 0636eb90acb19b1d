import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { ExitCode } from '../../src/cli/exitCodes';
import { runBin } from '../helpers/cli';
import { recipientEvent, seed } from '../helpers/records';
import type { SesStub } from '../helpers/sesStub';
import { startSesStub } from '../helpers/sesStub';
import { createSuppressionTable, scanAll } from '../helpers/table';

/** The package bin (`npx ses-bounce-guard`) run as a real child process, as an operator runs it. */
describe('Bin: ses-bounce-guard', () => {
  let tableName: string;
  let env: Record<string, string>;
  let ses: SesStub;

  beforeAll(async () => {
    ses = await startSesStub([{ EmailAddress: 'jane@example.com', Reason: 'BOUNCE', LastUpdateTime: '2026-01-01T00:00:00.000Z' }]);
  });

  afterAll(async () => {
    await ses.close();
  });

  beforeEach(async () => {
    tableName = await createSuppressionTable();
    // The SDK reads its endpoint, region and credentials from the environment, as it would for an operator.
    env = { SUPPRESSION_TABLE: tableName, AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'), AWS_ENDPOINT_URL_SESV2: ses.endpoint };
  });

  it('checks, adds and removes through the real entry point, with exit codes', async () => {
    // Act
    const clear = await runBin(['check', 'john@example.com'], { env });
    const added = await runBin(['add', '--default-policy', 'john@example.com', '--reason', 'complaint', '--actor', 'ci'], { env });
    const blocked = await runBin(['check', 'john@example.com'], { env });
    const removed = await runBin(['remove', 'john@example.com', '--actor', 'ci'], { env });

    // Assess
    expect(clear).toMatchObject({ code: ExitCode.OK, stdout: 'john@example.com: not suppressed\n', stderr: '' });
    expect(added).toMatchObject({ code: ExitCode.OK, stdout: 'john@example.com: added (suppressed, reason complaint)\n' });
    expect(blocked.code).toBe(ExitCode.SUPPRESSED);
    expect(blocked.stdout).toContain('john@example.com: SUPPRESSED (suppressed, reason complaint, from operator');
    expect(removed.code).toBe(ExitCode.OK);
    const items = await scanAll(tableName);
    expect(items.filter((i) => i.auditAction !== undefined).map((i) => i.auditAction)).toEqual(['add', 'remove']);
    // A removal leaves a release marker (the key and releasedAt, no status): no reader sees a record.
    expect(items.find((i) => i.email === 'john@example.com')).toEqual({ email: 'john@example.com', releasedAt: expect.any(String) });
  });

  it("syncs SES's list through the real entry point", async () => {
    // Act
    const { code, stdout } = await runBin(['sync-ses', '--default-policy', '--json'], { env });

    // Assess
    expect(code).toBe(ExitCode.OK);
    expect(JSON.parse(stdout)).toMatchObject({ onlyInSes: ['jane@example.com'], applied: 1 });
    expect(await scanAll(tableName)).toEqual([expect.objectContaining({ email: 'jane@example.com', source: 'ses-account-suppression-list' })]);
  });

  it('exits 2 with a clear message on an unknown command, an invalid address and an unknown option, changing nothing', async () => {
    // Prepare
    await seed(tableName, recipientEvent('jane@example.com'));
    const before = await scanAll(tableName);

    // Act
    const unknown = await runBin(['purge'], { env });
    const invalid = await runBin(['add', '--default-policy', 'jane.example.com', '--reason', 'manual'], { env });
    const option = await runBin(['remove', 'jane@example.com', '--yes'], { env });

    // Assess
    expect(unknown.code).toBe(ExitCode.USAGE);
    expect(unknown.stderr).toMatch(/^error: unknown command "purge"/);
    expect(invalid.code).toBe(ExitCode.USAGE);
    expect(invalid.stderr).toMatch(/^error: "jane.example.com" is not an email address/);
    expect(option.code).toBe(ExitCode.USAGE);
    expect(option.stderr).toMatch(/^error: unknown option --yes for remove\n/);
    expect(await scanAll(tableName)).toEqual(before);
  });

  it('runs list and export (in a heap-capped child) with their output and exit codes', async () => {
    // Prepare
    await seed(tableName, recipientEvent('jane@example.com'));

    // Act
    const listed = await runBin(['list', '--json'], { env });
    const exported = await runBin(['export', '--format', 'jsonl', '--quiet'], { env });
    const refused = await runBin(['list', '--limit', '0'], { env });

    // Assess
    expect(listed.code, listed.stderr).toBe(ExitCode.OK);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ email: 'jane@example.com', status: 'suppressed' })]);
    expect(exported.code, exported.stderr).toBe(ExitCode.OK);
    expect(
      exported.stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { email: string }).email),
    ).toEqual(['jane@example.com']);
    expect(refused.code).toBe(ExitCode.USAGE);
    expect(refused.stderr).toMatch(/^error: --limit must be a positive integer/);
  });

  it('exits 1 when the table does not exist', async () => {
    // Act
    const { code, stderr } = await runBin(['stats'], { env: { ...env, SUPPRESSION_TABLE: 'no-such-table' } });

    // Assess
    expect(code).toBe(ExitCode.FAILED);
    expect(stderr).toMatch(
      /^error: the table does not exist or is not reachable with these settings \(Scan on no-such-table failed: ResourceNotFoundException/,
    );
  });

  it('needs no AWS credentials or region with a loopback --endpoint', async () => {
    // Prepare: the environment of a machine that has never been configured for AWS.
    await seed(tableName, recipientEvent('jane@example.com'));
    const endpoint = inject('dynamoEndpoint').replace('127.0.0.1', 'localhost');
    const bare = { PATH: process.env.PATH ?? '', HOME: join(__dirname, 'no-such-home') };
    const run = (argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
      new Promise((resolve) => {
        execFile(
          process.execPath,
          [join(__dirname, '..', '..', 'bin', 'ses-bounce-guard.js'), ...argv],
          { env: bare, timeout: 60_000 },
          (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
        );
      });

    // Act
    const checked = await run(['check', 'jane@example.com', '--table', tableName, '--endpoint', endpoint]);
    const counted = await run(['stats', '--json', '--table', tableName, '--endpoint', endpoint]);

    // Assess
    expect(Object.keys(bare).filter((name) => name.startsWith('AWS_'))).toEqual([]);
    expect(checked).toMatchObject({ code: ExitCode.SUPPRESSED, stderr: '' });
    expect(checked.stdout).toContain('jane@example.com: SUPPRESSED');
    expect(counted.code).toBe(ExitCode.OK);
    expect(JSON.parse(counted.stdout)).toMatchObject({ total: 1 });
  });
});
