import { beforeEach, describe, expect, inject, it } from 'vitest';
import { ExitCode } from '../../../src/cli/exitCodes';
import { runCli } from '../../helpers/cli';
import { recipientEvent, seed, softEvent } from '../../helpers/records';
import { createSuppressionTable } from '../../helpers/table';

describe('Command: stats', () => {
  let target: string[];

  beforeEach(async () => {
    const tableName = await createSuppressionTable();
    target = ['--table', tableName, '--endpoint', inject('dynamoEndpoint')];
    await seed(
      tableName,
      recipientEvent('a@example.com'),
      recipientEvent('b@example.com'),
      recipientEvent('c@example.com', { reason: 'complaint' }),
      softEvent('d@example.com'),
    );
    await runCli(['add', '--default-policy', 'e@example.com', '--reason', 'manual', ...target]);
  });

  it('counts records by status and reason, leaving audit records out', async () => {
    // Act
    const { code, stdout } = await runCli(['stats', '--json', ...target]);

    // Assess
    expect(code).toBe(ExitCode.OK);
    expect(JSON.parse(stdout)).toEqual({
      total: 5,
      byStatus: { suppressed: 4, soft: 1 },
      byReason: { bounce: 2, complaint: 1, transient_bounce: 1, manual: 1 },
      byStatusAndReason: { 'suppressed/bounce': 2, 'suppressed/complaint': 1, 'soft/transient_bounce': 1, 'suppressed/manual': 1 },
    });
  });

  it('prints a readable summary', async () => {
    // Act
    const { stdout } = await runCli(['stats', ...target]);

    // Assess
    expect(stdout).toMatch(/^total 5\n/);
    expect(stdout).toMatch(/ {2}suppressed\/bounce +2\n/);
  });

  it('refuses arguments with exit 2', async () => {
    // Act
    const { code, stderr } = await runCli(['stats', 'everything', ...target]);

    // Assess
    expect(code).toBe(ExitCode.USAGE);
    expect(stderr).toContain('error: stats takes no arguments');
  });
});
