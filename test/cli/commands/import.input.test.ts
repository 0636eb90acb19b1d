import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { MAX_LINE_BYTES } from '../../../src/admin/importLines';
import { ExitCode } from '../../../src/cli/exitCodes';
import { runCli } from '../../helpers/cli';
import { createSuppressionTable, scanAll } from '../../helpers/table';

const BOM = '\uFEFF';
const RECORD = {
  email: 'a@example.com',
  status: 'suppressed',
  reason: 'bounce',
  source: 'ses-event-publishing',
  firstEventAt: '2026-01-01T00:00:00.000Z',
  lastEventAt: '2026-01-02T00:00:00.000Z',
  eventCount: 2,
};

describe('Command: import (what a line means, and how it is encoded)', () => {
  let tableName: string;
  let target: string[];
  let dir: string;

  beforeEach(async () => {
    tableName = await createSuppressionTable();
    target = ['--table', tableName, '--endpoint', inject('dynamoEndpoint')];
    dir = await mkdtemp(join(tmpdir(), 'import-input-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function file(name: string, content: string | Buffer): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  }

  async function refused(path: string, line: number, message: RegExp): Promise<void> {
    const { code, stderr } = await runCli(['import', '--default-policy', path, ...target]);
    expect(code).toBe(ExitCode.FAILED);
    expect(stderr).toMatch(new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${line}: ${message.source}`));
    expect(stderr).toContain('nothing was imported');
    expect(await scanAll(tableName)).toEqual([]);
  }

  it('refuses a decisionKey that ranks a soft event on a suppressed record, with its line', async () => {
    // Prepare: kept soft in rank, such a record would never be decided by a real hard bounce.
    const line = JSON.stringify({ ...RECORD, decisionKey: '0#2026-01-02T00:00:00.000Z#abcdefghij' });
    const path = await file('bad-key.jsonl', `${JSON.stringify({ ...RECORD, email: 'ok@example.com' })}\n${line}\n`);

    // Act & Assess
    await refused(path, 2, /decisionKey ranks a soft event but status is suppressed/);
  });

  it('refuses a decisionKey dated outside the record and one of no export shape', async () => {
    // Prepare
    const late = await file('late.jsonl', `${JSON.stringify({ ...RECORD, decisionKey: '1#2099-01-01T00:00:00.000Z#abcdefghij' })}\n`);
    const odd = await file('odd.jsonl', `${JSON.stringify({ ...RECORD, decisionKey: '1#yesterday#x' })}\n`);

    // Act & Assess
    await refused(late, 1, /decisionKey's time 2099-01-01T00:00:00.000Z is outside firstEventAt\.\.lastEventAt/);
    await refused(odd, 1, /decisionKey is not one an export writes/);
  });

  it('refuses a soft record with a suppressing reason, and a suppression line whose status contradicts its reason', async () => {
    // Prepare
    const record = await file('soft-complaint.jsonl', `${JSON.stringify({ ...RECORD, status: 'soft', reason: 'complaint' })}\n`);
    const line = await file('soft-complaint.csv', 'email,status,reason\nb@example.com,suppressed,bounce\nc@example.com,soft,complaint\n');

    // Act & Assess
    await refused(record, 1, /status soft contradicts reason complaint/);
    await refused(line, 3, /status "soft" contradicts reason complaint/);
  });

  it('accepts a byte-order mark in CSV, JSONL and JSON', async () => {
    // Prepare
    const csv = await file('bom.csv', `${BOM}email,reason\ncsv@example.com,manual\n`);
    const jsonl = await file('bom.jsonl', `${BOM}{"email":"jsonl@example.com"}\n`);
    const json = await file('bom.json', `${BOM}[{"email":"json@example.com"}]`);

    // Act
    const runs = [
      await runCli(['import', '--default-policy', csv, ...target]),
      await runCli(['import', '--default-policy', jsonl, ...target]),
      await runCli(['import', '--default-policy', json, ...target]),
    ];

    // Assess
    for (const run of runs) expect(run.code, run.stderr).toBe(ExitCode.OK);
    // Each run also leaves its audit record (audit#...), which sorts first.
    const items = (await scanAll(tableName)).map((i) => String(i.email)).sort();
    expect(items.filter((email) => !email.startsWith('audit#'))).toEqual(['csv@example.com', 'json@example.com', 'jsonl@example.com']);
    expect(items.filter((email) => email.startsWith('audit#'))).toHaveLength(3);
  });

  it('refuses invalid UTF-8 (a Latin-1 file) with the line number instead of storing U+FFFD', async () => {
    // Prepare: "José" in Latin-1 is 0x4a 0x6f 0x73 0xe9.
    const path = await file(
      'latin1.csv',
      Buffer.concat([Buffer.from('email,note\nok@example.com,fine\nb@example.com,Jos'), Buffer.from([0xe9]), Buffer.from('\n')]),
    );

    // Act & Assess
    await refused(path, 3, /not valid UTF-8/);
  });

  it('refuses an over-long line with its number, without holding it', async () => {
    // Prepare
    const long = JSON.stringify({ email: 'big@example.com', note: 'x'.repeat(MAX_LINE_BYTES + 10) });
    const path = await file('long.jsonl', `{"email":"ok@example.com"}\n${long}\n{"email":"after@example.com"}\n`);

    // Act & Assess
    await refused(path, 2, /the line is longer than 1048576 bytes/);
  });
});
