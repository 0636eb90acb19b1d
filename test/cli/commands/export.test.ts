import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { ExitCode } from '../../../src/cli/exitCodes';
import { runCli } from '../../helpers/cli';
import { recipientEvent, seed, softEvent } from '../../helpers/records';
import { createSuppressionTable } from '../../helpers/table';

describe('Command: export', () => {
  let tableName: string;
  let target: string[];
  let dir: string;

  beforeEach(async () => {
    tableName = await createSuppressionTable();
    target = ['--table', tableName, '--endpoint', inject('dynamoEndpoint')];
    dir = await mkdtemp(join(tmpdir(), 'export-'));
    await seed(
      tableName,
      recipientEvent('a@example.com', { diagnosticCode: 'smtp; 550 "no such user", sorry', eventAt: '2026-01-02T00:00:00.000Z' }),
      softEvent('b@example.com'),
      recipientEvent('c@example.com', { diagnosticCode: '=HYPERLINK("http://evil")' }),
    );
    await runCli(['add', '--default-policy', 'd@example.com', '--reason', 'manual', ...target]);
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes CSV to stdout, quoting what needs it, with one summary line on stderr when it is not a terminal', async () => {
    // Act
    const { code, stdout, stderr } = await runCli(['export', '--page-size', '2', '--segments', '1', ...target]);

    // Assess
    expect(code).toBe(ExitCode.OK);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe(
      'email,status,reason,source,firstEventAt,lastEventAt,eventCount,bounceType,bounceSubType,dsnStatus,diagnosticCode,complaintFeedbackType,lastMessageId,decisionKey,softBounces,tenants,expiresAt',
    );
    expect(lines).toHaveLength(5);
    expect(stdout).toMatch(
      /\na@example\.com,suppressed,bounce,ses-event-publishing,2026-01-02T00:00:00\.000Z,2026-01-02T00:00:00\.000Z,1,Permanent,General,,"smtp; 550 ""no such user"", sorry",,test-message-\d+,1#2026-01-02T00:00:00\.000Z#[A-Za-z0-9_-]{10},,,\n/,
    );
    // A field a spreadsheet would run as a formula is defused.
    expect(stdout).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(stdout).not.toContain('audit#');
    // 5 items (4 records + 1 audit record) in pages of 2, sequentially: 3 pages; no \r redraws.
    expect(stderr).toMatch(/^export: 5 items scanned in \d+\.\ds \(3 pages, 1 segment, \d+ read units?\); 4 records written to stdout \(csv\)\n$/);
  });

  it('writes one JSON array with --json, element by element', async () => {
    // Act
    const { code, stdout } = await runCli(['export', '--json', '--page-size', '1', '--quiet', ...target]);

    // Assess
    expect(code).toBe(ExitCode.OK);
    const records = JSON.parse(stdout) as Record<string, unknown>[];
    expect(records.map((r) => r.email).sort()).toEqual(['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com']);
    expect(records.find((r) => r.email === 'c@example.com')).toMatchObject({ diagnosticCode: '=HYPERLINK("http://evil")' });
  });

  it('writes an empty JSON array for an empty table, and refuses --json with another --format', async () => {
    // Prepare
    const empty = await createSuppressionTable();

    // Act
    const json = await runCli(['export', '--json', '--quiet', '--table', empty, '--endpoint', inject('dynamoEndpoint')]);
    const contradiction = await runCli(['export', '--json', '--format', 'csv', ...target]);

    // Assess
    expect(json.stdout).toBe('[]\n');
    expect(contradiction.code).toBe(ExitCode.USAGE);
    expect(contradiction.stderr).toContain('error: --json writes JSON; it contradicts --format csv');
    expect(contradiction.stdout).toBe('');
  });

  it('writes JSONL to a file, its format taken from the extension', async () => {
    // Act
    const { code, stdout } = await runCli(['export', '--output', 'out.jsonl', '--quiet', ...target], { cwd: dir });

    // Assess
    expect(code).toBe(ExitCode.OK);
    expect(stdout).toBe('');
    const records = (await readFile(join(dir, 'out.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.map((r) => r.email).sort()).toEqual(['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com']);
    expect(records.find((r) => r.email === 'b@example.com')).toMatchObject({ status: 'soft', reason: 'transient_bounce', eventCount: 1 });
  });

  it('refuses to overwrite a file unless --force', async () => {
    // Prepare
    const file = join(dir, 'existing.csv');
    await writeFile(file, 'precious\n');

    // Act
    const refused = await runCli(['export', '--output', file, ...target]);
    const forced = await runCli(['export', '--output', file, '--force', ...target]);

    // Assess
    expect(refused.code).toBe(ExitCode.FAILED);
    expect(refused.stderr).toContain(`error: ${file} exists; use --force to overwrite it`);
    expect(forced.code).toBe(ExitCode.OK);
    expect(await readFile(file, 'utf8')).toMatch(/^email,status/);
  });

  it('leaves no partial file behind when the table cannot be read', async () => {
    // Act
    const { code } = await runCli(['export', '--output', 'gone.csv', '--table', 'missing-table', '--endpoint', inject('dynamoEndpoint')], { cwd: dir });

    // Assess
    expect(code).toBe(ExitCode.FAILED);
    await expect(readFile(join(dir, 'gone.csv'))).rejects.toThrow(/ENOENT/);
  });

  it.each([
    [['--format', 'xml'], '--format must be one of csv, jsonl, json (got "xml")'],
    [['--segments', '0'], '--segments must be a positive integer (got "0")'],
    [['--page-size', 'many'], '--page-size must be a positive integer (got "many")'],
  ])('refuses %j with exit 2', async (argv, message) => {
    // Act
    const { code, stderr } = await runCli(['export', ...argv, ...target]);

    // Assess
    expect(code).toBe(ExitCode.USAGE);
    expect(stderr).toContain(`error: ${message}`);
  });
});
