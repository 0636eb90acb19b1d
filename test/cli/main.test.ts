import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands';
import { GLOBAL_OPTIONS } from '../../src/cli/commonOptions';
import { ExitCode } from '../../src/cli/exitCodes';
import { runCli } from '../helpers/cli';
import { recipientEvent, seed } from '../helpers/records';
import { createSuppressionTable, scanAll } from '../helpers/table';

describe('Function: main', () => {
  let tableName: string;
  let target: string[];

  beforeEach(async () => {
    tableName = await createSuppressionTable();
    target = ['--table', tableName, '--endpoint', inject('dynamoEndpoint')];
    await seed(tableName, recipientEvent('jane@example.com'));
  });

  it('prints the program help with every command and exits 0', async () => {
    // Act
    const { code, stdout } = await runCli(['--help']);

    // Assess
    expect(code).toBe(ExitCode.OK);
    for (const command of COMMANDS) expect(stdout).toContain(`  ${command.name} `);
  });

  it.each(COMMANDS.map((c) => c.name))('prints the help of %s and exits 0 without touching AWS', async (name) => {
    // Act
    const { code, stdout, stderr } = await runCli([name, '--help']);

    // Assess
    expect(code).toBe(ExitCode.OK);
    expect(stdout).toContain(`Usage: ses-bounce-guard ${name}`);
    expect(stderr).toBe('');
  });

  it.each(COMMANDS.map((c) => c.name))('lists only the options %s takes in its help', async (name) => {
    // Prepare
    const command = COMMANDS.find((c) => c.name === name) as (typeof COMMANDS)[number];
    const own = new Set([...Object.keys(command.options), ...Object.keys(GLOBAL_OPTIONS)]);
    const others = [...new Set(COMMANDS.flatMap((c) => Object.keys(c.options)))].filter((option) => !own.has(option));

    // Act
    const { stdout } = await runCli([name, '--help']);

    // Assess
    const optionsSection = stdout.slice(stdout.indexOf('\nOptions:\n'));
    const listed = [...optionsSection.matchAll(/^ {2}(?:-\w, )? *--([a-z-]+)/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual([...own].sort());
    expect(others.length).toBeGreaterThan(0);
    for (const option of others) expect(optionsSection).not.toMatch(new RegExp(`--${option}\\b`));
  });

  it('refuses an --endpoint that is not a URL with exit 2, changing nothing', async () => {
    // Prepare
    const before = await scanAll(tableName);

    // Act
    const { code, stderr } = await runCli(['add', '--default-policy', 'x@example.com', '--reason', 'manual', '--table', tableName, '--endpoint', 'notaurl']);

    // Assess
    expect(code).toBe(ExitCode.USAGE);
    expect(stderr).toContain('error: --endpoint must be an http(s) URL such as http://localhost:8000 (got "notaurl")');
    expect(await scanAll(tableName)).toEqual(before);
  });

  it('refuses an unknown command with exit 2 and the list of commands, changing nothing', async () => {
    // Prepare
    const before = await scanAll(tableName);

    // Act
    const { code, stderr } = await runCli(['purge', ...target]);

    // Assess
    expect(code).toBe(ExitCode.USAGE);
    expect(stderr).toContain('error: unknown command "purge"');
    expect(stderr).toContain('Commands:');
    expect(await scanAll(tableName)).toEqual(before);
  });

  it('refuses no command at all with exit 2', async () => {
    // Act
    const { code, stderr } = await runCli([]);

    // Assess
    expect(code).toBe(ExitCode.USAGE);
    expect(stderr).toContain('Usage: ses-bounce-guard <command>');
  });

  it('refuses an unknown option with exit 2, changing nothing', async () => {
    // Prepare
    const before = await scanAll(tableName);

    // Act
    const { code, stderr } = await runCli(['add', '--default-policy', 'john@example.com', '--reason', 'manual', '--forcefully', ...target]);

    // Assess
    expect(code).toBe(ExitCode.USAGE);
    expect(stderr).toBe("error: unknown option --forcefully for add\nRun 'ses-bounce-guard add --help' for usage.\n");
    expect(await scanAll(tableName)).toEqual(before);
  });

  it.each([
    [['add', 'john@example.com', '--reasn', 'manual'], 'unknown option --reasn for add; did you mean --reason?'],
    [['list', '--limt', '3'], 'unknown option --limt for list; did you mean --limit?'],
    [['list', '--Json'], 'unknown option --Json for list; did you mean --json?'],
    [['export', '--output'], '--output needs a value'],
    [['list', '--sort=yes'], '--sort takes no value'],
  ])('says %j clearly, with the nearest option, exit 2 and nothing written', async (argv, message) => {
    // Prepare
    const before = await scanAll(tableName);

    // Act
    const { code, stdout, stderr } = await runCli([...argv, ...target]);

    // Assess
    expect(code).toBe(ExitCode.USAGE);
    expect(stderr.split('\n')[0]?.startsWith(`error: ${message}`), stderr).toBe(true);
    expect(stderr).not.toContain("'--");
    expect(stdout).toBe('');
    expect(await scanAll(tableName)).toEqual(before);
  });

  it('suggests the nearest command for a typo', async () => {
    // Act
    const { code, stderr } = await runCli(['lsit', ...target]);

    // Assess
    expect(code).toBe(ExitCode.USAGE);
    expect(stderr).toContain('error: unknown command "lsit"; did you mean "list"?');
  });

  it.each([['--version'], ['-V']])('prints the version from package.json with %s', async (flag) => {
    // Prepare
    const { version } = JSON.parse(await readFile(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };

    // Act
    const { code, stdout, stderr } = await runCli([flag]);

    // Assess
    expect(code).toBe(ExitCode.OK);
    expect(stdout).toBe(`${version}\n`);
    expect(stderr).toBe('');
  });

  it.each([['check', 'jane@example.com'], ['list'], ['export'], ['add', 'john@example.com', '--reason', 'manual'], ['remove', 'jane@example.com'], ['stats']])(
    'says "no table" with exit 2 when %s gets neither --table nor SUPPRESSION_TABLE',
    async (...argv) => {
      // Prepare
      const before = await scanAll(tableName);

      // Act
      const { code, stderr } = await runCli([...argv, '--endpoint', inject('dynamoEndpoint')]);

      // Assess
      expect(code).toBe(ExitCode.USAGE);
      expect(stderr).toContain('error: no table: pass --table <name> or set SUPPRESSION_TABLE');
      expect(await scanAll(tableName)).toEqual(before);
    },
  );

  it('takes the table from SUPPRESSION_TABLE', async () => {
    // Act
    const { code, stdout } = await runCli(['check', 'jane@example.com', '--endpoint', inject('dynamoEndpoint')], {
      env: { SUPPRESSION_TABLE: tableName },
    });

    // Assess
    expect(code).toBe(ExitCode.SUPPRESSED);
    expect(stdout).toContain('jane@example.com: SUPPRESSED');
  });

  it.each([['check', 'jane@example.com'], ['list'], ['export'], ['add', 'john@example.com', '--default-policy'], ['remove', 'jane@example.com'], ['stats']])(
    'says the table does not exist with exit 1 when %s names a missing table',
    async (...argv) => {
      // Prepare
      const missing = `missing-${randomUUID()}`;

      // Act
      const { code, stderr } = await runCli([...argv, '--table', missing, '--endpoint', inject('dynamoEndpoint')]);

      // Assess
      expect(code).toBe(ExitCode.FAILED);
      expect(stderr).toContain('error: the table does not exist or is not reachable with these settings');
      expect(stderr).toContain(missing);
      expect(stderr).toContain('Nothing was changed.');
    },
  );
});
