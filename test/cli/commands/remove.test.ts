import { createServer } from 'node:http';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { startDynamoProxy } from '../../../local/dynamoProxy';
import { ExitCode } from '../../../src/cli/exitCodes';
import { runCli } from '../../helpers/cli';
import { closeServer, sendJson } from '../../helpers/loopbackServer';
import { recipientEvent, seed } from '../../helpers/records';
import type { SesStub } from '../../helpers/sesStub';
import { startSesStub } from '../../helpers/sesStub';
import { createSuppressionTable, scanAll } from '../../helpers/table';

describe('Command: remove', () => {
  let tableName: string;
  let target: string[];
  let ses: SesStub;

  beforeEach(async () => {
    tableName = await createSuppressionTable();
    ses = await startSesStub([{ EmailAddress: 'jane@example.com', Reason: 'BOUNCE', LastUpdateTime: '2026-01-01T00:00:00.000Z' }]);
    target = ['--table', tableName, '--endpoint', inject('dynamoEndpoint'), '--ses-endpoint', ses.endpoint];
    await seed(tableName, recipientEvent('jane@example.com'), recipientEvent('john@example.com'));
  });

  afterEach(async () => {
    await ses.close();
  });

  it('deletes the item and keeps it, with who and why, in an audit record', async () => {
    // Prepare
    const before = (await scanAll(tableName)).find((i) => i.email === 'jane@example.com');

    // Act
    const { code, stdout } = await runCli(['remove', 'JANE@example.com', '--actor', 'alice', '--note', 'ticket 42', ...target]);

    // Assess
    expect(code).toBe(ExitCode.OK);
    expect(stdout).toMatch(/^jane@example.com: removed from the table \(was suppressed, bounce\); audit audit#\d{4}-\d\d-\d\dT.*#[0-9a-f-]{36}\n$/);
    const items = await scanAll(tableName);
    // What is left is a release marker: the key and the release time, no record.
    expect(items.find((i) => i.email === 'jane@example.com')).toEqual({ email: 'jane@example.com', releasedAt: expect.any(String) });
    const audit = items.find((i) => String(i.email).startsWith('audit#'));
    expect(audit).toMatchObject({ auditAction: 'remove', auditAddress: 'jane@example.com', auditActor: 'alice', auditNote: 'ticket 42' });
    expect(JSON.parse(String(audit?.auditItemBefore))).toEqual({ ...before, feedbackIds: [...((before?.feedbackIds as Set<string> | undefined) ?? [])] });
    expect(ses.requests).toHaveLength(0);
  });

  it("also deletes the address from SES's account-level list with --also-ses", async () => {
    // Act
    const { code, stdout } = await runCli(['remove', 'jane@example.com', '--also-ses', '--json', ...target]);

    // Assess
    expect(code).toBe(ExitCode.OK);
    expect(JSON.parse(stdout)).toMatchObject({ email: 'jane@example.com', table: 'removed', ses: 'removed' });
    expect(ses.requests).toMatchObject([{ method: 'DELETE', path: '/v2/email/suppression/addresses/jane%40example.com' }]);
    expect(ses.suppressed).toEqual([]);
  });

  it('reports an address SES does not list, after removing it from the table', async () => {
    // Act
    const { code, stdout } = await runCli(['remove', 'john@example.com', '--also-ses', ...target]);

    // Assess
    expect(code).toBe(ExitCode.OK);
    expect(stdout).toContain("john@example.com: not on SES's account-level suppression list");
    expect((await scanAll(tableName)).find((i) => i.email === 'john@example.com')).toEqual({ email: 'john@example.com', releasedAt: expect.any(String) });
  });

  it('exits 1 and writes nothing, not even an audit record, for an address not in the table', async () => {
    // Prepare
    const before = await scanAll(tableName);

    // Act
    const { code, stdout } = await runCli(['remove', 'nobody@example.com', ...target]);

    // Assess
    expect(code).toBe(ExitCode.FAILED);
    expect(stdout).toBe('nobody@example.com: not in the table\n');
    expect(await scanAll(tableName)).toEqual(before);
  });

  it('refuses an invalid address with exit 2 and changes nothing', async () => {
    // Prepare
    const before = await scanAll(tableName);

    // Act
    const { code, stderr } = await runCli(['remove', 'jane at example.com', '--also-ses', ...target]);

    // Assess
    expect(code).toBe(ExitCode.USAGE);
    expect(stderr).toContain('error: "jane at example.com" is not an email address');
    expect(await scanAll(tableName)).toEqual(before);
    expect(ses.requests).toHaveLength(0);
  });

  it('shows removals in list --audit', async () => {
    // Prepare
    await runCli(['remove', 'jane@example.com', '--actor', 'alice', ...target]);
    await runCli(['remove', 'john@example.com', '--actor', 'bob', ...target]);

    // Act
    const { code, stdout } = await runCli([
      'list',
      '--audit',
      '--sort',
      '--limit',
      '10',
      '--json',
      '--table',
      tableName,
      '--endpoint',
      inject('dynamoEndpoint'),
    ]);

    // Assess
    expect(code).toBe(ExitCode.OK);
    const entries = JSON.parse(stdout) as { action: string; address: string; actor: string; itemBefore: { reason: string } }[];
    expect(entries.map((e) => [e.action, e.address, e.actor, e.itemBefore.reason])).toEqual([
      ['remove', 'jane@example.com', 'alice', 'bounce'],
      ['remove', 'john@example.com', 'bob', 'bounce'],
    ]);
  });

  it('changes nothing, in SES or the table, when SES fails, and exits 1', async () => {
    // Prepare: an SES endpoint that answers every request with a server error.
    const broken = createServer((_req, res) => sendJson(res, 500, { message: 'injected outage' }, { 'x-amzn-errortype': 'InternalFailure' }));
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    const { port } = broken.address() as { port: number };
    const before = await scanAll(tableName);
    const args = [
      'remove',
      'jane@example.com',
      '--also-ses',
      '--table',
      tableName,
      '--endpoint',
      inject('dynamoEndpoint'),
      '--ses-endpoint',
      `http://127.0.0.1:${port}`,
    ];

    try {
      // Act
      const { code, stderr } = await runCli(args);

      // Assess
      expect(code).toBe(ExitCode.FAILED);
      expect(stderr).toContain(
        'error: SES DeleteSuppressedDestination failed: InternalFailure: injected outage; nothing was changed (neither SES nor the table). Run remove --also-ses again.',
      );
      expect(await scanAll(tableName)).toEqual(before);
    } finally {
      await closeServer(broken);
    }
  });

  it('removes the address from SES in the case SES stores it, trying the typed spelling first', async () => {
    // Prepare: SES keeps the case the mail used; the table keys it lower-cased.
    ses.suppressed = [
      { EmailAddress: 'John.Smith@example.com', Reason: 'BOUNCE', LastUpdateTime: '2026-01-01T00:00:00.000Z' },
      { EmailAddress: 'Jane@Example.com', Reason: 'COMPLAINT', LastUpdateTime: '2026-01-01T00:00:00.000Z' },
    ];

    // Act
    const typed = await runCli(['remove', 'Jane@Example.com', '--also-ses', '--json', ...target]);
    const domainCase = await runCli(['remove', 'John.Smith@EXAMPLE.com', '--also-ses', '--json', ...target]);

    // Assess
    expect(typed.code).toBe(ExitCode.OK);
    expect(JSON.parse(typed.stdout)).toMatchObject({ ses: 'removed', sesAddress: 'Jane@Example.com', table: 'removed' });
    expect(JSON.parse(domainCase.stdout)).toMatchObject({ ses: 'removed', sesAddress: 'John.Smith@example.com', table: 'not-found' });
    expect(ses.suppressed).toEqual([]);
    expect(ses.requests.map((r) => decodeURIComponent(r.path.split('/').pop() ?? ''))).toEqual([
      'Jane@Example.com',
      'John.Smith@EXAMPLE.com',
      'John.Smith@example.com',
    ]);
  });

  it('records what was actually deleted when the item changed between the read and the delete', async () => {
    // Prepare: the read sees an older, soft version of the item (same event count); by the time
    // of the delete it is a suppression, as after an escalation that rewrote status and rank.
    const proxy = await startDynamoProxy(inject('dynamoEndpoint'));
    proxy.intercept(
      'GetItem',
      () => ({
        transform: (response) => {
          const item = response.Item as Record<string, { S?: string }>;
          return {
            ...response,
            Item: { ...item, status: { S: 'soft' }, reason: { S: 'transient_bounce' }, decisionKey: { S: '0#2020-01-01T00:00:00.000Z#aaaaaaaaaa' } },
          };
        },
      }),
      1,
    );

    try {
      // Act
      const { code, stdout } = await runCli(['remove', 'jane@example.com', '--table', tableName, '--endpoint', proxy.endpoint]);

      // Assess
      expect(code).toBe(ExitCode.OK);
      expect(stdout).toContain('(was suppressed, bounce)');
      const audit = (await scanAll(tableName)).find((i) => String(i.email).startsWith('audit#'));
      expect(JSON.parse(String(audit?.auditItemBefore))).toMatchObject({ status: 'suppressed', reason: 'bounce' });
    } finally {
      await proxy.close();
    }
  });
});
