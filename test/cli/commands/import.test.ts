import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { ExitCode } from '../../../src/cli/exitCodes';
import { runCli } from '../../helpers/cli';
import { recipientEvent, seed } from '../../helpers/records';
import { createSuppressionTable, scanAll } from '../../helpers/table';

describe('Command: import', () => {
  let tableName: string;
  let target: string[];
  let dir: string;

  beforeEach(async () => {
    tableName = await createSuppressionTable();
    target = ['--table', tableName, '--endpoint', inject('dynamoEndpoint')];
    dir = await mkdtemp(join(tmpdir(), 'import-'));
    await seed(tableName, recipientEvent('existing@example.com'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function file(name: string, content: string): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  }

  it('imports a CSV file as operator events, manual unless a line says otherwise', async () => {
    // Prepare
    const path = await file('list.csv', 'email,reason,eventAt\nA@Example.com,,\n"Bee <b@example.com>",complaint,2025-06-01T00:00:00Z\nc@example.com,transient_bounce,\n');

    // Act
    const { code, stdout } = await runCli(['import', path, ...target]);

    // Assess
    expect(code).toBe(ExitCode.OK);
    expect(stdout).toBe('3 line(s): 3 written, 0 already imported before\n');
    const items = await scanAll(tableName);
    expect(items.find((i) => i.email === 'a@example.com')).toMatchObject({ status: 'suppressed', reason: 'manual', source: 'operator' });
    expect(items.find((i) => i.email === 'b@example.com')).toMatchObject({ status: 'suppressed', reason: 'complaint', lastEventAt: '2025-06-01T00:00:00.000Z' });
    expect(items.find((i) => i.email === 'c@example.com')).toMatchObject({ status: 'soft', reason: 'transient_bounce' });
  });

  it('imports JSONL, and importing the same file again changes nothing', async () => {
    // Prepare
    const path = await file('list.jsonl', '{"email":"a@example.com","reason":"bounce"}\n\n{"email":"b@example.com"}\n');
    await runCli(['import', path, ...target]);
    const before = await scanAll(tableName);

    // Act
    const { code, stdout } = await runCli(['import', path, '--json', ...target]);

    // Assess
    expect(code).toBe(ExitCode.OK);
    expect(JSON.parse(stdout)).toEqual({ lines: 2, applied: 0, duplicates: 2 });
    expect(await scanAll(tableName)).toEqual(before);
  });

  it('imports what export wrote', async () => {
    // Prepare
    await runCli(['export', '--output', join(dir, 'all.csv'), '--quiet', ...target]);
    const other = await createSuppressionTable();

    // Act
    const { code } = await runCli(['import', join(dir, 'all.csv'), '--table', other, '--endpoint', inject('dynamoEndpoint')]);

    // Assess
    expect(code).toBe(ExitCode.OK);
    expect(await scanAll(other)).toEqual([expect.objectContaining({ email: 'existing@example.com', status: 'suppressed', reason: 'bounce', lastEventAt: '2026-01-01T00:00:00.000Z' })]);
  });

  it('reports every bad line with its number and writes nothing', async () => {
    // Prepare
    const path = await file(
      'bad.csv',
      'email,reason,eventAt\ngood@example.com,manual,\nnot-an-address,manual,\nok@example.com,dislike,\nfine@example.com,bounce,yesterday\nx@example.com,manual,,extra\n',
    );
    const before = await scanAll(tableName);

    // Act
    const { code, stderr } = await runCli(['import', path, ...target]);

    // Assess
    expect(code).toBe(ExitCode.FAILED);
    expect(stderr).toBe(
      [
        `${path}:3: email is not a valid address ("not-an-address")`,
        `${path}:4: reason must be one of bounce, complaint, transient_bounce, not_spam_complaint, manual, soft_bounce_threshold (got "dislike")`,
        `${path}:5: eventAt is not an ISO 8601 time (got "yesterday")`,
        `${path}:6: 4 fields, but the header names 3`,
        `error: 4 bad line(s) in ${path}; nothing was imported`,
        '',
      ].join('\n'),
    );
    expect(await scanAll(tableName)).toEqual(before);
  });

  it('reports a malformed JSONL line with its number and writes nothing', async () => {
    // Prepare
    const path = await file('bad.jsonl', '{"email":"a@example.com"}\n{"email": "b@example.com"\n[1,2]\n');
    const before = await scanAll(tableName);

    // Act
    const { code, stderr } = await runCli(['import', path, ...target]);

    // Assess
    expect(code).toBe(ExitCode.FAILED);
    expect(stderr).toContain(`${path}:2: not a JSON object\n`);
    expect(stderr).toContain(`${path}:3: not a JSON object\n`);
    expect(await scanAll(tableName)).toEqual(before);
  });

  it('validates without writing on --dry-run', async () => {
    // Prepare
    const path = await file('list.csv', 'email\na@example.com\n');
    const before = await scanAll(tableName);

    // Act
    const { code, stdout } = await runCli(['import', path, '--dry-run', ...target]);

    // Assess
    expect(code).toBe(ExitCode.OK);
    expect(stdout).toBe('1 valid line(s); nothing written (--dry-run)\n');
    expect(await scanAll(tableName)).toEqual(before);
  });

  it.each([
    [[], 'usage', 'import needs exactly one file (got 0)'],
    [['missing.csv'], 'failed', 'cannot read'],
    [['x.csv', '--format', 'xlsx'], 'usage', '--format must be one of csv, jsonl'],
  ])('refuses %j with a clear message and writes nothing', async (argv, kind, message) => {
    // Prepare
    const before = await scanAll(tableName);

    // Act
    const { code, stderr } = await runCli(['import', ...argv, ...target], { cwd: dir });

    // Assess
    expect(code).toBe(kind === 'usage' ? ExitCode.USAGE : ExitCode.FAILED);
    expect(stderr).toContain(`error: ${message}`);
    expect(await scanAll(tableName)).toEqual(before);
  });
});
