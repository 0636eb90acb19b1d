import { beforeEach, describe, expect, inject, it } from 'vitest';
import { ExitCode } from '../../../src/cli/exitCodes';
import { runCli } from '../../helpers/cli';
import { createSuppressionTable, scanAll } from '../../helpers/table';

describe('Command: add --tenant', () => {
  let tableName: string;
  let target: string[];

  beforeEach(async () => {
    tableName = await createSuppressionTable();
    target = ['--table', tableName, '--endpoint', inject('dynamoEndpoint')];
  });

  it('suppresses an address for one tenant: blocked for it, not for another tenant nor for no tenant', async () => {
    // Act
    const { code, stdout } = await runCli([
      'add',
      '--default-policy',
      'reader@example.com',
      '--reason',
      'complaint',
      '--tenant',
      'tenant-a',
      '--actor',
      'alice',
      ...target,
    ]);

    // Assess
    expect(code).toBe(ExitCode.OK);
    expect(stdout).toBe('reader@example.com: added (for tenant tenant-a, soft, reason complaint)\n');
    const item = (await scanAll(tableName)).find((i) => i.email === 'reader@example.com');
    expect(item).toMatchObject({ status: 'soft', reason: 'complaint', source: 'operator', tenants: new Set(['tenant-a']) });
    expect((await runCli(['check', 'reader@example.com', '--tenant', 'tenant-a', ...target])).code).toBe(ExitCode.SUPPRESSED);
    expect((await runCli(['check', 'reader@example.com', '--tenant', 'tenant-b', ...target])).code).toBe(ExitCode.OK);
    expect((await runCli(['check', 'reader@example.com', ...target])).code).toBe(ExitCode.OK);
  });

  it('leaves an address already suppressed for the tenant as it is, and says so', async () => {
    // Prepare
    await runCli(['add', '--default-policy', 'reader@example.com', '--reason', 'manual', '--tenant', 'tenant-a', ...target]);
    const before = await scanAll(tableName);

    // Act
    const { code, stdout } = await runCli(['add', '--default-policy', 'reader@example.com', '--reason', 'manual', '--tenant', 'tenant-a', ...target]);

    // Assess
    expect(code).toBe(ExitCode.OK);
    expect(stdout).toContain('already suppressed');
    expect(await scanAll(tableName)).toEqual(before);
  });

  it.each([
    [['--reason', 'manual', '--tenant', 'tenant a'], '--tenant must be an SES tenant name'],
    [['--reason', 'transient_bounce', '--tenant', 'tenant-a'], 'makes a soft record, which no tenant has of its own'],
  ])('refuses %j with exit 2, writing nothing', async (args, message) => {
    // Act
    const { code, stderr } = await runCli(['add', '--default-policy', 'reader@example.com', ...args, ...target]);

    // Assess
    expect(code).toBe(ExitCode.USAGE);
    expect(stderr).toContain(message);
    expect(await scanAll(tableName)).toEqual([]);
  });
});
