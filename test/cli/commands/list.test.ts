import { beforeEach, describe, expect, inject, it } from 'vitest';
import { ExitCode } from '../../../src/cli/exitCodes';
import { runCli } from '../../helpers/cli';
import { recipientEvent, seed, softEvent } from '../../helpers/records';
import { createSuppressionTable } from '../../helpers/table';

describe('Command: list', () => {
  let target: string[];

  beforeEach(async () => {
    const tableName = await createSuppressionTable();
    target = ['--table', tableName, '--endpoint', inject('dynamoEndpoint')];
    await seed(tableName, recipientEvent('b@example.com'), recipientEvent('a@example.com', { reason: 'complaint' }), softEvent('c@example.com'));
    // An audit record in the table must never show up as an address.
    await runCli(['add', 'd@example.com', '--reason', 'manual', ...target]);
  });

  it('lists every record, sorted, without audit records', async () => {
    // Act
    const { code, stdout, stderr } = await runCli(['list', ...target]);

    // Assess
    expect(code).toBe(ExitCode.OK);
    expect(stdout.trim().split('\n').map((line) => line.split('  ').slice(0, 3).join(' '))).toEqual([
      'a@example.com suppressed complaint',
      'b@example.com suppressed bounce',
      'c@example.com soft transient_bounce',
      'd@example.com suppressed manual',
    ]);
    expect(stderr).toBe('4 record(s)\n');
  });

  it('filters by status and reason, as JSON', async () => {
    // Act
    const suppressed = await runCli(['list', '--status', 'suppressed', '--reason', 'bounce', '--json', ...target]);
    const soft = await runCli(['list', '--status', 'soft', '--json', ...target]);

    // Assess
    expect((JSON.parse(suppressed.stdout) as { email: string }[]).map((r) => r.email)).toEqual(['b@example.com']);
    expect(JSON.parse(soft.stdout)).toEqual([expect.objectContaining({ email: 'c@example.com', status: 'soft', eventCount: 1 })]);
  });

  it.each([
    [['--status', 'gone'], '--status must be one of suppressed, soft'],
    [['--limit', '0'], '--limit must be a positive integer (got "0")'],
    [['extra'], 'list takes no arguments (got extra)'],
  ])('refuses %j with exit 2', async (argv, message) => {
    // Act
    const { code, stderr } = await runCli(['list', ...argv, ...target]);

    // Assess
    expect(code).toBe(ExitCode.USAGE);
    expect(stderr).toContain(`error: ${message}`);
  });
});
