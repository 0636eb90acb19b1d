import { beforeEach, describe, expect, inject, it } from 'vitest';
import { ExitCode } from '../../../src/cli/exitCodes';
import { writeBulkItems } from '../../helpers/bulkItems';
import { runCli } from '../../helpers/cli';
import { recipientEvent, seed, softEvent } from '../../helpers/records';
import { createSuppressionTable } from '../../helpers/table';

describe('Command: list', () => {
  let tableName: string;
  let target: string[];

  beforeEach(async () => {
    tableName = await createSuppressionTable();
    target = ['--table', tableName, '--endpoint', inject('dynamoEndpoint')];
    await seed(
      tableName,
      recipientEvent('b@example.com'),
      recipientEvent('a-much-longer-address@example.com', { reason: 'complaint' }),
      softEvent('c@example.com'),
    );
    // An audit record in the table must never show up as an address.
    await runCli(['add', '--default-policy', 'd@example.com', '--reason', 'manual', ...target]);
  });

  it('lists every record once, without audit records, in aligned columns under a header', async () => {
    // Act
    const { code, stdout, stderr } = await runCli(['list', ...target]);

    // Assess
    expect(code).toBe(ExitCode.OK);
    const [header, ...rows] = stdout.trimEnd().split('\n') as [string, ...string[]];
    expect(header).toMatch(/^STATUS +REASON +SOURCE +LAST EVENT +EVENTS {2}EMAIL$/);
    expect(
      rows
        .map((row) => row.split(/ +/))
        .map(([status, reason, , , , email]) => `${email} ${status} ${reason}`)
        .sort(),
    ).toEqual([
      'a-much-longer-address@example.com suppressed complaint',
      'b@example.com suppressed bounce',
      'c@example.com soft transient_bounce',
      'd@example.com suppressed manual',
    ]);
    // Every column starts where the header's does, whatever the values' lengths.
    for (const name of ['REASON', 'SOURCE', 'LAST EVENT', 'EMAIL']) {
      const at = header.indexOf(name);
      for (const row of rows) expect(row[at - 1] === ' ' && row[at] !== ' ').toBe(true);
    }
    expect(stderr).toMatch(/^list: 5 items scanned in \d+\.\ds \(\d+ pages, 4 segments, \d+ read units?\); 4 records listed\n$/);
  });

  it('filters by status and reason, as one JSON array', async () => {
    // Act
    const suppressed = await runCli(['list', '--status', 'suppressed', '--reason', 'bounce', '--json', ...target]);
    const soft = await runCli(['list', '--status', 'soft', '--json', ...target]);
    const none = await runCli(['list', '--reason', 'soft_bounce_threshold', '--json', ...target]);

    // Assess
    expect((JSON.parse(suppressed.stdout) as { email: string }[]).map((r) => r.email)).toEqual(['b@example.com']);
    expect(JSON.parse(soft.stdout)).toEqual([expect.objectContaining({ email: 'c@example.com', status: 'soft', eventCount: 1 })]);
    expect(JSON.parse(none.stdout)).toEqual([]);
    expect(suppressed.stderr).toMatch(/; 1 record listed\n$/);
    expect(none.stderr).toMatch(/; 0 records listed\n$/);
  });

  it('lists the first n by address with --sort --limit n, and the first n found with --limit n alone', async () => {
    // Prepare
    const bulk = await writeBulkItems(tableName, 300, { domain: 'list.example.com' });
    const everyAddress = [...bulk, 'a-much-longer-address@example.com', 'b@example.com', 'c@example.com', 'd@example.com'];
    const firstFive = [...everyAddress].sort().slice(0, 5);

    // Act
    const sorted = await runCli(['list', '--sort', '--limit', '5', '--segments', '3', '--json', ...target]);
    const found = await runCli(['list', '--limit', '7', '--json', ...target]);

    // Assess
    expect((JSON.parse(sorted.stdout) as { email: string }[]).map((r) => r.email)).toEqual(firstFive);
    const foundEmails = (JSON.parse(found.stdout) as { email: string }[]).map((r) => r.email);
    expect(foundEmails).toHaveLength(7);
    expect(new Set(foundEmails).size).toBe(7);
    for (const email of foundEmails) expect(everyAddress).toContain(email);
  });

  it('lists the audit trail oldest first, with the reason, and one address with --address', async () => {
    // Prepare: e's addition, then a removal of d (its reason is in the item it removed).
    await runCli(['add', '--default-policy', 'e@example.com', '--reason', 'complaint', '--actor', 'bob', ...target]);
    await runCli(['remove', 'd@example.com', '--actor', 'carol', '--note', 'asked', ...target]);

    // Act
    const { code, stdout } = await runCli(['list', '--audit', ...target]);
    const one = await runCli(['list', '--audit', '--address', 'E@Example.com', ...target]);

    // Assess
    expect(code).toBe(ExitCode.OK);
    const rows = stdout.trimEnd().split('\n');
    expect(rows.map((line) => line.split(/ +/).slice(1, 4))).toEqual([
      ['add', 'manual', 'd@example.com'],
      ['add', 'complaint', 'e@example.com'],
      ['remove', 'manual', 'd@example.com'],
    ]);
    const times = rows.map((line) => line.split(' ')[0] as string);
    expect([...times].sort()).toEqual(times);
    expect(rows[2]).toMatch(/by carol {2}"asked"$/);
    expect(
      one.stdout
        .trimEnd()
        .split('\n')
        .map((line) => line.split(/ +/).slice(1, 4)),
    ).toEqual([['add', 'complaint', 'e@example.com']]);
  });

  it('sorts a small table by address without --limit', async () => {
    // Act
    const { code, stdout } = await runCli(['list', '--sort', ...target]);

    // Assess
    expect(code).toBe(ExitCode.OK);
    const emails = stdout
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((line) => line.split(/ +/).at(-1));
    expect(emails.length).toBeGreaterThan(2);
    expect(emails).toEqual([...emails].sort());
  });

  it('prints nothing, not even its header, when the scan fails', async () => {
    // Act
    const { code, stdout, stderr } = await runCli(['list', '--table', 'no-such-table', '--endpoint', inject('dynamoEndpoint')]);

    // Assess
    expect(code).toBe(ExitCode.FAILED);
    expect(stdout).toBe('');
    expect(stderr).toContain('error:');
  });

  it.each([
    [['--status', 'gone'], '--status must be one of suppressed, soft (got "gone")'],
    [['--limit', '0'], '--limit must be a positive integer (got "0")'],
    [['--address', 'd@example.com'], '--address applies to --audit only'],
    [['--audit', '--address', 'nope'], '"nope" is not an email address'],
    [['--sort', '--limit', '100001'], '--sort --limit must be at most 100000 (got 100001)'],
    [['--audit', '--status', 'soft'], '--status and --reason do not apply to --audit'],
    [['--segments', 'x'], '--segments must be a positive integer (got "x")'],
    [['--ses-endpoint', 'http://localhost:1'], 'unknown option --ses-endpoint for list'],
    [['extra'], 'list takes no arguments (got extra)'],
  ])('refuses %j with exit 2', async (argv, message) => {
    // Act
    const { code, stdout, stderr } = await runCli(['list', ...argv, ...target]);

    // Assess
    expect(code).toBe(ExitCode.USAGE);
    expect(stderr).toContain(`error: ${message}`);
    expect(stdout).toBe('');
  });
});
