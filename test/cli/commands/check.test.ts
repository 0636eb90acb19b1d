import { beforeEach, describe, expect, inject, it } from 'vitest';
import { ExitCode } from '../../../src/cli/exitCodes';
import { runCli } from '../../helpers/cli';
import { recipientEvent, seed, softEvent } from '../../helpers/records';
import { createSuppressionTable, scanAll } from '../../helpers/table';

describe('Command: check', () => {
  let tableName: string;
  let target: string[];

  beforeEach(async () => {
    tableName = await createSuppressionTable();
    target = ['--table', tableName, '--endpoint', inject('dynamoEndpoint')];
    await seed(tableName, recipientEvent('jane@example.com', { eventAt: '2026-03-04T05:06:07.000Z' }), softEvent('soft@example.com'));
  });

  it('says why an address is suppressed and exits 3', async () => {
    // Act
    const { code, stdout } = await runCli(['check', 'Jane <JANE@example.com>', ...target]);

    // Assess
    expect(code).toBe(ExitCode.SUPPRESSED);
    expect(stdout).toBe('jane@example.com: SUPPRESSED (suppressed, reason bounce, from ses-event-publishing, last event 2026-03-04T05:06:07.000Z)\n');
  });

  it('exits 0 when no address is suppressed, showing a soft record as not blocking', async () => {
    // Act
    const { code, stdout } = await runCli(['check', 'john@example.com', 'soft@example.com', ...target]);

    // Assess
    expect(code).toBe(ExitCode.OK);
    expect(stdout).toContain('john@example.com: not suppressed\n');
    expect(stdout).toContain('soft@example.com: not suppressed (soft, reason transient_bounce');
  });

  it('prints JSON with --json', async () => {
    // Act
    const { code, stdout } = await runCli(['check', 'jane@example.com', 'john@example.com', '--json', ...target]);

    // Assess
    expect(code).toBe(ExitCode.SUPPRESSED);
    expect(JSON.parse(stdout)).toEqual([
      expect.objectContaining({ email: 'jane@example.com', outcome: 'suppressed', record: expect.objectContaining({ reason: 'bounce' }) }),
      { address: 'john@example.com', email: 'john@example.com', outcome: 'clear' },
    ]);
  });

  it('exits 3, not 2, when an invalid address stands beside a suppressed one: "do not send" wins', async () => {
    // Prepare
    const before = await scanAll(tableName);

    // Act
    const { code, stdout, stderr } = await runCli(['check', 'not-an-address', 'jane@example.com', ...target]);

    // Assess
    expect(code).toBe(ExitCode.SUPPRESSED);
    expect(stdout).toContain('not-an-address: not an email address');
    expect(stdout).toContain('jane@example.com: SUPPRESSED');
    expect(stderr).toContain('error: some arguments are not email addresses');
    expect(await scanAll(tableName)).toEqual(before);
  });

  it('reports an invalid address beside clear ones with exit 2, checking the others', async () => {
    // Act
    const { code, stdout, stderr } = await runCli(['check', 'not-an-address', 'john@example.com', ...target]);

    // Assess
    expect(code).toBe(ExitCode.USAGE);
    expect(stdout).toContain('john@example.com: not suppressed');
    expect(stderr).toContain('error: some arguments are not email addresses');
  });

  it('needs at least one address', async () => {
    // Act
    const { code, stderr } = await runCli(['check', ...target]);

    // Assess
    expect(code).toBe(ExitCode.USAGE);
    expect(stderr).toContain('error: check needs at least one address');
  });
});
