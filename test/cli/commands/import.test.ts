import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { Fault, fault, startDynamoProxy } from '../../../local/dynamoProxy';
import { ExitCode } from '../../../src/cli/exitCodes';
import { DEFAULT_POLICY } from '../../../src/domain/policy';
import { SuppressionStore } from '../../../src/store/SuppressionStore';
import { runCli } from '../../helpers/cli';
import { recipientEvent, seed, softEvent } from '../../helpers/records';
import { createSuppressionTable, localDocumentClient, scanAll } from '../../helpers/table';

/** An item without its feedback-id sets (which a backup does not hold) and without audit items. */
function withoutIds(items: Record<string, unknown>[]): Record<string, unknown>[] {
  return items.filter((item) => !String(item.email).startsWith('audit#')).map(({ feedbackIds: _ids, previousFeedbackIds: _previous, ...rest }) => rest);
}

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
    const path = await file(
      'list.csv',
      'email,reason,eventAt\nA@Example.com,,\n"Bee <b@example.com>",complaint,2025-06-01T00:00:00Z\nc@example.com,transient_bounce,\n',
    );

    // Act
    const { code, stdout, stderr } = await runCli(['import', '--default-policy', path, '--default-policy', ...target]);

    // Assess
    expect(code).toBe(ExitCode.OK);
    expect(stdout).toBe('3 lines: 3 written, 0 restored, 0 unchanged, 0 kept\n');
    expect(stderr).toMatch(/^import: 3 lines of 3 done in \d+\.\ds \(\d+\/s, 16 in flight\)\n$/);
    const items = await scanAll(tableName);
    expect(items.find((i) => i.email === 'a@example.com')).toMatchObject({ status: 'suppressed', reason: 'manual', source: 'operator' });
    expect(items.find((i) => i.email === 'b@example.com')).toMatchObject({
      status: 'suppressed',
      reason: 'complaint',
      lastEventAt: '2025-06-01T00:00:00.000Z',
    });
    expect(items.find((i) => i.email === 'c@example.com')).toMatchObject({ status: 'soft', reason: 'transient_bounce' });
  });

  it('imports JSONL, and importing the same file again changes nothing and says so', async () => {
    // Prepare
    const path = await file('list.jsonl', '{"email":"a@example.com","reason":"bounce"}\n\n{"email":"b@example.com"}\n');
    await runCli(['import', '--default-policy', path, ...target]);
    const before = await scanAll(tableName);

    // Act
    const { code, stdout } = await runCli(['import', '--default-policy', path, '--json', ...target]);

    // Assess
    expect(code).toBe(ExitCode.OK);
    expect(JSON.parse(stdout)).toEqual({ lines: 2, written: 0, restored: 0, unchanged: 2, kept: [], notDone: 0 });
    expect(await scanAll(tableName)).toEqual(before);
  });

  describe('backup and restore', () => {
    beforeEach(async () => {
      // Records as the Lambda's store writes them: details, several events, escalation, expiry.
      const client = localDocumentClient();
      const store = new SuppressionStore({ tableName, client, policy: { ...DEFAULT_POLICY, softRecordTtlDays: 30 } });
      const events = [
        recipientEvent('dsn@example.com', { dsnStatus: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 "user unknown", bye', eventAt: '2026-01-03T00:00:00.000Z' }),
        recipientEvent('dsn@example.com', { eventAt: '2026-01-01T00:00:00.000Z', bounceSubType: 'NoEmail' }),
        recipientEvent('formula@example.com', { diagnosticCode: '=HYPERLINK("http://evil")', bounceSubType: "'quoted" }),
        recipientEvent('complaint@example.com', {
          status: 'suppressed',
          reason: 'complaint',
          bounceType: undefined,
          bounceSubType: undefined,
          complaintFeedbackType: 'abuse',
          source: 'ses-identity-notification',
        }),
        softEvent('soft@example.com'),
        ...['2026-02-01', '2026-02-02', '2026-02-03'].map((day) =>
          recipientEvent('escalated@example.com', { status: 'soft', reason: 'transient_bounce', bounceType: 'Transient', eventAt: `${day}T00:00:00.000Z` }),
        ),
      ];
      for (const event of events) await store.apply(event);
      // Operator records: a manual suppression and an earlier import line.
      await runCli(['add', '--default-policy', 'manual@example.com', '--reason', 'manual', ...target]);
      await runCli([
        'import',
        '--default-policy',
        await file('one.csv', 'email,reason,eventAt\nimported@example.com,complaint,2025-05-05T00:00:00Z\n'),
        ...target,
      ]);
    });

    it.each(['csv', 'jsonl', 'json'])('restores every record of a %s export into an empty table, item for item', async (format) => {
      // Prepare
      const backup = join(dir, `backup.${format}`);
      const exported = await runCli(['export', '--output', backup, '--quiet', ...target]);
      const empty = await createSuppressionTable();
      const original = await scanAll(tableName);

      // Act
      const { code, stdout } = await runCli(['import', '--default-policy', backup, '--table', empty, '--endpoint', inject('dynamoEndpoint')]);

      // Assess
      expect(exported.code).toBe(ExitCode.OK);
      expect(code).toBe(ExitCode.OK);
      expect(stdout).toBe('8 lines: 0 written, 8 restored, 0 unchanged, 0 kept\n');
      const restored = await scanAll(empty);
      expect(withoutIds(restored)).toEqual(withoutIds(original));
      // The records the test depends on really are the varied ones it means.
      expect(restored.find((i) => i.email === 'escalated@example.com')).toMatchObject({ status: 'suppressed', reason: 'soft_bounce_threshold', eventCount: 3 });
      expect(restored.find((i) => i.email === 'soft@example.com')?.expiresAt).toEqual(expect.any(Number));
      expect(restored.find((i) => i.email === 'formula@example.com')).toMatchObject({ diagnosticCode: '=HYPERLINK("http://evil")', bounceSubType: "'quoted" });
      expect(restored.find((i) => i.email === 'dsn@example.com')).toMatchObject({
        firstEventAt: '2026-01-01T00:00:00.000Z',
        lastEventAt: '2026-01-03T00:00:00.000Z',
        eventCount: 2,
        dsnStatus: '5.1.1',
      });
    });

    it('changes nothing when the backup is imported again, and later events still apply in one request', async () => {
      // Prepare
      const backup = join(dir, 'backup.jsonl');
      await runCli(['export', '--output', backup, '--quiet', ...target]);
      const empty = await createSuppressionTable();
      const emptyTarget = ['--table', empty, '--endpoint', inject('dynamoEndpoint')];
      await runCli(['import', '--default-policy', backup, ...emptyTarget]);
      const afterFirst = await scanAll(empty);

      // Act
      const again = await runCli(['import', '--default-policy', backup, ...emptyTarget]);
      const later = await new SuppressionStore({ tableName: empty, client: localDocumentClient() }).apply(
        recipientEvent('dsn@example.com', { eventAt: '2026-03-01T00:00:00.000Z' }),
      );

      // Assess
      expect(again.stdout).toBe('8 lines: 0 written, 0 restored, 8 unchanged, 0 kept\n');
      expect(later).toBe('applied');
      const final = await scanAll(empty);
      expect(final.filter((i) => i.email !== 'dsn@example.com')).toEqual(afterFirst.filter((i) => i.email !== 'dsn@example.com'));
      expect(final.find((i) => i.email === 'dsn@example.com')).toMatchObject({ eventCount: 3, lastEventAt: '2026-03-01T00:00:00.000Z' });
    });

    it('keeps a record the table holds differently, and lists it', async () => {
      // Prepare
      const backup = join(dir, 'backup.jsonl');
      await runCli(['export', '--output', backup, '--quiet', ...target]);
      await seed(tableName, recipientEvent('dsn@example.com', { eventAt: '2026-04-01T00:00:00.000Z' }));
      const before = await scanAll(tableName);

      // Act
      const { code, stdout } = await runCli(['import', '--default-policy', backup, ...target]);

      // Assess
      expect(code).toBe(ExitCode.OK);
      expect(stdout).toBe(
        '8 lines: 0 written, 0 restored, 7 unchanged, 1 kept\nkept (the table holds a different record for these; left as they are):\n  dsn@example.com\n',
      );
      expect(await scanAll(tableName)).toEqual(before);
    });
  });

  it('completes an import a DynamoDB outage interrupted when it is run again, applying no line twice', async () => {
    // Prepare
    const lines = Array.from({ length: 150 }, (_, i) => `{"email":"user${i}@example.com","reason":"bounce","eventAt":"2026-01-01T00:00:00Z"}`);
    const records = Array.from({ length: 50 }, (_, i) =>
      JSON.stringify({
        email: `restored${i}@example.com`,
        status: 'suppressed',
        reason: 'complaint',
        source: 'operator',
        firstEventAt: '2025-01-01T00:00:00Z',
        lastEventAt: '2025-02-01T00:00:00Z',
        eventCount: 4,
      }),
    );
    const path = await file('big.jsonl', [...lines, ...records].join('\n'));
    const proxy = await startDynamoProxy(inject('dynamoEndpoint'));
    let writes = 0;
    const outage = (): ReturnType<typeof fault> | undefined => (++writes > 60 ? fault(Fault.UNAVAILABLE) : undefined);
    proxy.intercept('UpdateItem', outage);
    proxy.intercept('PutItem', outage);
    const viaProxy = ['--table', tableName, '--endpoint', proxy.endpoint];

    try {
      // Act
      const interrupted = await runCli(['import', '--default-policy', path, '--json', ...viaProxy]);
      const between = await scanAll(tableName);
      proxy.reset();
      const resumed = await runCli(['import', '--default-policy', path, '--json', ...viaProxy]);

      // Assess
      expect(interrupted.code).toBe(ExitCode.FAILED);
      expect(interrupted.stderr).toMatch(/error: a write failed \(.*\); \d+ lines not done\. Run the same import again to finish/);
      const first = JSON.parse(interrupted.stdout) as { written: number; restored: number; notDone: number };
      expect(first.notDone).toBeGreaterThan(0);
      expect(between.length - 1).toBe(first.written);
      expect(resumed.code).toBe(ExitCode.OK);
      const second = JSON.parse(resumed.stdout) as { written: number; restored: number; unchanged: number; notDone: number };
      expect(second).toMatchObject({ written: 150 - first.written, restored: 50 - first.restored, unchanged: first.written + first.restored, notDone: 0 });
      const items = (await scanAll(tableName)).filter((i) => i.email !== 'existing@example.com' && !String(i.email).startsWith('audit#'));
      expect(items).toHaveLength(200);
      expect(items.filter((i) => i.eventCount !== (String(i.email).startsWith('restored') ? 4 : 1))).toEqual([]);
    } finally {
      await proxy.close();
    }
  }, 60_000);

  it('reports every bad line with its number and writes nothing', async () => {
    // Prepare
    const path = await file(
      'bad.csv',
      'email,reason,eventAt\ngood@example.com,manual,\nnot-an-address,manual,\nok@example.com,dislike,\nfine@example.com,bounce,yesterday\nx@example.com,manual,,extra\n',
    );
    const before = await scanAll(tableName);

    // Act
    const { code, stderr } = await runCli(['import', '--default-policy', path, ...target]);

    // Assess
    expect(code).toBe(ExitCode.FAILED);
    expect(stderr).toBe(
      [
        `${path}:3: email is not a valid address ("not-an-address")`,
        `${path}:4: reason must be one of bounce, complaint, transient_bounce, not_spam_complaint, manual, soft_bounce_threshold (got "dislike")`,
        `${path}:5: eventAt is not an ISO 8601 time (got "yesterday")`,
        `${path}:6: 4 fields, but the header names 3`,
        `error: 4 bad lines in ${path}; nothing was imported`,
        '',
      ].join('\n'),
    );
    expect(await scanAll(tableName)).toEqual(before);
  });

  it('reports a record line that is missing what a restore needs, and writes nothing', async () => {
    // Prepare
    const path = await file(
      'records.jsonl',
      [
        '{"email":"a@example.com","status":"suppressed","reason":"bounce","source":"operator","firstEventAt":"2026-01-01T00:00:00Z","lastEventAt":"2026-01-01T00:00:00Z","eventCount":1}',
        '{"email":"b@example.com","eventCount":2}',
        '{"email":"c@example.com","status":"gone","reason":"bounce","source":"operator","firstEventAt":"2026-01-02T00:00:00Z","lastEventAt":"2026-01-01T00:00:00Z","eventCount":0}',
      ].join('\n'),
    );
    const before = await scanAll(tableName);

    // Act
    const { code, stderr } = await runCli(['import', '--default-policy', path, ...target]);

    // Assess
    expect(code).toBe(ExitCode.FAILED);
    expect(stderr).toContain(`${path}:2: status must be one of suppressed, soft (got null); reason must be one of`);
    expect(stderr).toContain(
      'source must be one of ses-event-publishing, ses-identity-notification, operator, ses-account-suppression-list (got null); firstEventAt is not an ISO 8601 time (got null)',
    );
    expect(stderr).toContain(
      `${path}:3: status must be one of suppressed, soft (got "gone"); eventCount must be an integer of at least 1 (got 0); firstEventAt is after lastEventAt\n`,
    );
    expect(stderr).toContain('error: 2 bad lines');
    expect(await scanAll(tableName)).toEqual(before);
  });

  it('reports on --dry-run what would be added, changed and left alone, and writes nothing', async () => {
    // Prepare: again@ was imported before; existing@ is suppressed (bounce); soft@ has a soft record.
    await runCli([
      'import',
      '--default-policy',
      await file('first.csv', 'email,reason,eventAt\nagain@example.com,complaint,2025-01-01T00:00:00Z\n'),
      ...target,
    ]);
    await seed(tableName, softEvent('soft@example.com'));
    const path = await file(
      'plan.csv',
      'email,reason,eventAt\nnew@example.com,bounce,\nagain@example.com,complaint,2025-01-01T00:00:00Z\nsoft@example.com,complaint,\n',
    );
    const before = await scanAll(tableName);

    // Act
    const { code, stdout } = await runCli(['import', '--default-policy', path, '--dry-run', ...target]);
    const json = await runCli(['import', '--default-policy', path, '--dry-run', '--json', ...target]);

    // Assess
    expect(code).toBe(ExitCode.OK);
    expect(stdout).toBe(
      '3 valid lines: 1 would be added, 1 changed, 1 left alone; nothing written (--dry-run)\n' +
        'would be added:\n  new@example.com (suppressed, bounce)\n' +
        'would be changed:\n  soft@example.com (soft transient_bounce -> suppressed complaint)\n' +
        'left alone:\n  again@example.com\n',
    );
    expect(JSON.parse(json.stdout)).toMatchObject({ lines: 3, added: 1, changed: 1, unchanged: 1, written: 0 });
    expect(await scanAll(tableName)).toEqual(before);
  });

  it('writes one audit record per import run that changed anything, with --actor and --note', async () => {
    // Prepare
    const path = await file('batch.csv', 'email,reason,eventAt\na@example.com,bounce,2026-01-01T00:00:00Z\nb@example.com,complaint,2026-01-01T00:00:00Z\n');

    // Act
    const first = await runCli(['import', '--default-policy', path, '--actor', 'alice', '--note', 'ticket 7', ...target]);
    const again = await runCli(['import', '--default-policy', path, '--actor', 'alice', ...target]);

    // Assess
    expect(first.code, first.stderr).toBe(ExitCode.OK);
    expect(again.code, again.stderr).toBe(ExitCode.OK);
    const audits = (await scanAll(tableName)).filter((i) => String(i.email).startsWith('audit#'));
    expect(audits).toEqual([
      expect.objectContaining({
        auditAction: 'import',
        auditAddress: 'batch.csv',
        auditActor: 'alice',
        auditNote: 'ticket 7',
        auditSummary: '2 written, 0 restored, 0 unchanged, 0 kept',
      }),
    ]);
    const listed = await runCli(['list', '--audit', ...target]);
    expect(listed.stdout).toMatch(/ import +2 written, 0 restored, 0 unchanged, 0 kept +batch\.csv +by alice +"ticket 7"\n$/);
  });

  it.each([
    [[], 'usage', 'import needs exactly one file (got 0)'],
    [['missing.csv'], 'failed', 'cannot read'],
    [['x.csv', '--format', 'xlsx'], 'usage', '--format must be one of csv, jsonl, json'],
    [['x.csv', '--concurrency', '0'], 'usage', '--concurrency must be a positive integer (got "0")'],
    [['x.csv', '--concurrency', '500'], 'usage', '--concurrency must be at most 100 (got 500)'],
  ])('refuses %j with a clear message and writes nothing', async (argv, kind, message) => {
    // Prepare
    const before = await scanAll(tableName);

    // Act
    const { code, stderr } = await runCli(['import', '--default-policy', ...argv, ...target], { cwd: dir });

    // Assess
    expect(code).toBe(kind === 'usage' ? ExitCode.USAGE : ExitCode.FAILED);
    expect(stderr).toContain(`error: ${message}`);
    expect(await scanAll(tableName)).toEqual(before);
  });
});
