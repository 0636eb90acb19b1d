import { beforeEach, describe, expect, inject, it } from 'vitest';
import { ExitCode } from '../../../src/cli/exitCodes';
import { runCli } from '../../helpers/cli';
import { recipientEvent, seed } from '../../helpers/records';
import { createSuppressionTable, scanAll } from '../../helpers/table';

describe('Command: add', () => {
  let tableName: string;
  let target: string[];

  beforeEach(async () => {
    tableName = await createSuppressionTable();
    target = ['--table', tableName, '--endpoint', inject('dynamoEndpoint')];
    await seed(tableName, recipientEvent('jane@example.com'));
  });

  it('suppresses an address as an operator event and records who did it', async () => {
    // Act
    const { code, stdout } = await runCli([
      'add',
      '--default-policy',
      'John <JOHN@example.com>',
      '--reason',
      'manual',
      '--note',
      'asked by phone',
      '--actor',
      'alice',
      ...target,
    ]);

    // Assess
    expect(code).toBe(ExitCode.OK);
    expect(stdout).toBe('john@example.com: added (suppressed, reason manual)\n');
    const items = await scanAll(tableName);
    const john = items.find((i) => i.email === 'john@example.com');
    expect(john).toMatchObject({ status: 'suppressed', reason: 'manual', source: 'operator', eventCount: 1 });
    expect((john?.feedbackIds as Set<string> | undefined)?.size).toBe(1);
    const audit = items.find((i) => String(i.email).startsWith('audit#'));
    expect(audit).toMatchObject({ auditAction: 'add', auditAddress: 'john@example.com', auditActor: 'alice', auditNote: 'asked by phone' });
    const check = await runCli(['check', 'john@example.com', ...target]);
    expect(check.code).toBe(ExitCode.SUPPRESSED);
  });

  it('writes a soft record for a soft reason', async () => {
    // Act
    const { code } = await runCli(['add', '--default-policy', 'soft@example.com', '--reason', 'transient_bounce', ...target]);

    // Assess
    expect(code).toBe(ExitCode.OK);
    expect((await scanAll(tableName)).find((i) => i.email === 'soft@example.com')).toMatchObject({ status: 'soft' });
  });

  it.each([
    [['add', 'not-an-address', '--reason', 'manual'], '"not-an-address" is not an email address'],
    [['add', 'john@example.com', '--reason', 'manual'], "add writes fields that depend on the deployment's policy"],
    [['add', 'john@example.com', '--function', 'f', '--default-policy'], 'give one of --function and --default-policy, not both'],
    [['add', 'john@example.com', '--reasn', 'manual', '--default-policy'], 'unknown option --reasn for add; did you mean --reason?'],
    [['add', 'john@example.com', '--reason', 'dislike'], '--reason must be one of bounce, complaint, transient_bounce, not_spam_complaint, manual'],
    [['add', '--reason', 'manual'], 'add needs exactly one address (got 0)'],
    [['add', 'a@example.com', 'b@example.com', '--reason', 'manual'], 'add needs exactly one address (got 2)'],
  ])('refuses %j with exit 2 and writes nothing', async (argv, message) => {
    // Prepare
    const before = await scanAll(tableName);

    // Act
    const { code, stderr } = await runCli([...argv, ...target]);

    // Assess
    expect(code).toBe(ExitCode.USAGE);
    expect(stderr).toContain(`error: ${message}`);
    expect(await scanAll(tableName)).toEqual(before);
  });

  it('defaults --reason to manual, as import does', async () => {
    // Act
    const { code, stdout } = await runCli(['add', '--default-policy', 'noreason@example.com', ...target]);

    // Assess
    expect(code).toBe(ExitCode.OK);
    expect(stdout).toBe('noreason@example.com: added (suppressed, reason manual)\n');
    expect((await scanAll(tableName)).find((i) => i.email === 'noreason@example.com')).toMatchObject({ status: 'suppressed', reason: 'manual' });
  });

  it('says an address is suppressed already and changes nothing, not even the audit trail', async () => {
    // Prepare
    const before = await scanAll(tableName);

    // Act
    const { code, stdout } = await runCli(['add', '--default-policy', 'Jane@example.com', '--reason', 'manual', ...target]);
    const json = await runCli(['add', '--default-policy', 'jane@example.com', '--reason', 'complaint', '--json', ...target]);

    // Assess
    expect(code).toBe(ExitCode.OK);
    expect(stdout).toBe(
      'jane@example.com: already suppressed (reason bounce, from ses-event-publishing, last event 2026-01-01T00:00:00.000Z); nothing changed\n',
    );
    expect(JSON.parse(json.stdout)).toEqual({ email: 'jane@example.com', result: 'already-suppressed', status: 'suppressed', reason: 'bounce' });
    expect(await scanAll(tableName)).toEqual(before);
  });

  it('suppresses an address that has only a soft record', async () => {
    // Prepare
    await runCli(['add', '--default-policy', 'soft@example.com', '--reason', 'transient_bounce', ...target]);

    // Act
    const { code, stdout } = await runCli(['add', '--default-policy', 'soft@example.com', '--reason', 'complaint', ...target]);

    // Assess
    expect(code).toBe(ExitCode.OK);
    expect(stdout).toBe('soft@example.com: added (suppressed, reason complaint)\n');
  });
});
