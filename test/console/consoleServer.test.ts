import { request } from 'node:http';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleServer } from '../../src/console/consoleServer';
import { MAX_FORM_BYTES } from '../../src/console/consoleServer';
import { startConsole } from '../../src/console/startConsole';
import { DEFAULT_POLICY } from '../../src/domain/policy';
import { recipientEvent, seed, softEvent } from '../helpers/records';
import { createSuppressionTable, localDocumentClient, scanAll } from '../helpers/table';

/** One raw HTTP exchange, with full control of the headers (fetch would not send Host or Origin as given). */
function exchange(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers ?? {}, timeout: 30_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(options.body);
  });
}

function form(fields: Record<string, string>): { method: string; headers: Record<string, string>; body: string } {
  return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() };
}

describe('Console: HTTP', () => {
  let tableName: string;
  let running: ConsoleServer;
  let base: string;
  let token: string;

  beforeEach(async () => {
    tableName = await createSuppressionTable();
    await seed(
      tableName,
      recipientEvent('jane@example.com', { diagnosticCode: 'smtp; 550 <img src=x onerror=alert(1)> no such user' }),
      softEvent('soft@example.com'),
    );
    const started = await startConsole({ tableName, actor: 'alice', target: `table "${tableName}"`, client: localDocumentClient(), policy: DEFAULT_POLICY });
    running = started.console;
    token = running.token;
    base = new URL(started.url).origin;
  });

  afterEach(async () => {
    await running.close();
  });

  it('listens on 127.0.0.1 with a 256-bit token in the URL it returns', () => {
    // Assess
    expect(running.server.address()).toMatchObject({ address: '127.0.0.1' });
    expect(token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses every request without the right token, and answers with the token', async () => {
    // Act
    const none = await exchange(`${base}/`);
    const wrong = await exchange(`${base}/address?q=jane@example.com&token=${'0'.repeat(64)}`);
    const right = await exchange(`${base}/?token=${token}`);

    // Assess
    expect(none.status).toBe(403);
    expect(none.body).not.toContain('jane@example.com');
    expect(wrong.status).toBe(403);
    expect(wrong.body).not.toContain('jane@example.com');
    expect(right.status).toBe(200);
    expect(right.body).toContain('jane@example.com');
  });

  it('sends a strict Content-Security-Policy with a fresh nonce, and no-sniff, no-framing headers', async () => {
    // Act
    const first = await exchange(`${base}/?token=${token}`);
    const second = await exchange(`${base}/?token=${token}`);

    // Assess
    const csp = String(first.headers['content-security-policy']);
    expect(csp).toMatch(/^default-src 'none'; script-src 'nonce-[A-Za-z0-9+/=]+'; style-src 'nonce-[A-Za-z0-9+/=]+'; .*frame-ancestors 'none'$/);
    expect(csp).not.toContain('unsafe');
    expect(second.headers['content-security-policy']).not.toBe(csp);
    expect(first.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'same-origin' });
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(first.body.match(/<script[^>]*>/g)).toEqual([`<script nonce="${nonce}">`]);
  });

  it('refuses a Host other than its own (DNS rebinding)', async () => {
    // Act
    const response = await exchange(`${base}/?token=${token}`, { headers: { host: 'attacker.example' } });

    // Assess
    expect(response.status).toBe(403);
  });

  it('refuses a cross-site POST, even one that carries the token, and removes nothing', async () => {
    // Act
    const origin = await exchange(`${base}/remove`, {
      ...form({ token, address: 'jane@example.com', note: 'evil' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://attacker.example' },
    });
    const fetchSite = await exchange(`${base}/remove`, {
      ...form({ token, address: 'jane@example.com', note: 'evil' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
    });
    const nullOrigin = await exchange(`${base}/remove`, {
      ...form({ token, address: 'jane@example.com', note: 'evil' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'null' },
    });

    // Assess
    expect([origin.status, fetchSite.status, nullOrigin.status]).toEqual([403, 403, 403]);
    expect((await scanAll(tableName)).map((i) => i.email)).toEqual(['jane@example.com', 'soft@example.com']);
  });

  it('refuses a POST without the token (or with it only in the URL), and removes nothing', async () => {
    // Act
    const without = await exchange(`${base}/remove`, form({ address: 'jane@example.com', note: 'no token' }));
    const inQuery = await exchange(`${base}/remove?token=${token}`, form({ address: 'jane@example.com', note: 'token in the URL' }));
    const byGet = await exchange(`${base}/remove?token=${token}&address=jane@example.com&note=get`);

    // Assess
    expect([without.status, inQuery.status, byGet.status]).toEqual([403, 403, 404]);
    expect((await scanAll(tableName)).map((i) => i.email)).toEqual(['jane@example.com', 'soft@example.com']);
  });

  it('refuses a body over the limit with 413, and writes nothing', async () => {
    // Act
    const response = await exchange(`${base}/add`, form({ token, address: 'new@example.com', reason: 'manual', note: 'x'.repeat(MAX_FORM_BYTES) }));

    // Assess
    expect(response.status).toBe(413);
    expect((await scanAll(tableName)).map((i) => i.email)).toEqual(['jane@example.com', 'soft@example.com']);
  });

  it('removes an address with a note, audited as the CLI remove does', async () => {
    // Act
    const response = await exchange(`${base}/remove`, form({ token, address: 'Jane Doe <JANE@example.com>', note: 'ticket 42' }));

    // Assess
    expect(response.status).toBe(200);
    expect(response.body).toContain('jane@example.com: removed from the table (was suppressed, bounce); audit audit#');
    const items = await scanAll(tableName);
    // What is left of the address is its release marker: no status, nothing that suppresses.
    expect(items.find((i) => i.email === 'jane@example.com')?.status).toBeUndefined();
    const audit = items.find((i) => String(i.email).startsWith('audit#'));
    expect(audit).toMatchObject({ auditAction: 'remove', auditAddress: 'jane@example.com', auditActor: 'alice', auditNote: 'ticket 42' });
    expect(JSON.parse(String(audit?.auditItemBefore))).toMatchObject({ email: 'jane@example.com', status: 'suppressed', reason: 'bounce' });
    expect(response.body).toMatch(/<tr class="audit"><td>[^<]+<\/td><td>remove<\/td><td>alice<\/td><td>ticket 42<\/td><td>suppressed bounce<\/td><\/tr>/);
  });

  it('refuses a removal or an addition without a note, and changes nothing', async () => {
    // Act
    const removal = await exchange(`${base}/remove`, form({ token, address: 'jane@example.com', note: '  ' }));
    const addition = await exchange(`${base}/add`, form({ token, address: 'new@example.com', reason: 'manual' }));

    // Assess
    expect([removal.status, addition.status]).toEqual([400, 400]);
    expect(removal.body).toContain('A note is required');
    expect((await scanAll(tableName)).map((i) => i.email)).toEqual(['jane@example.com', 'soft@example.com']);
  });

  it('suppresses an address with a reason and a note, audited as the CLI add does', async () => {
    // Act
    const response = await exchange(`${base}/add`, form({ token, address: 'new@example.com', reason: 'complaint', note: 'asked by phone' }));

    // Assess
    expect(response.status).toBe(200);
    const items = await scanAll(tableName);
    expect(items.find((i) => i.email === 'new@example.com')).toMatchObject({ status: 'suppressed', reason: 'complaint', source: 'operator' });
    expect(items.find((i) => String(i.email).startsWith('audit#'))).toMatchObject({
      auditAction: 'add',
      auditAddress: 'new@example.com',
      auditActor: 'alice',
      auditNote: 'asked by phone',
    });
  });

  it("shows the command's error for a bad reason, and writes nothing", async () => {
    // Act
    const response = await exchange(`${base}/add`, form({ token, address: 'new@example.com', reason: 'whatever', note: 'n' }));

    // Assess
    expect(response.status).toBe(400);
    expect(response.body).toContain('--reason must be one of');
    expect((await scanAll(tableName)).map((i) => i.email)).toEqual(['jane@example.com', 'soft@example.com']);
  });

  it('escapes a hostile address, display name and diagnostic code: nothing of them is markup', async () => {
    // Act
    const hostile = await exchange(`${base}/address?token=${token}&q=${encodeURIComponent('"<script>alert(1)</script>"@example.com')}`);
    const displayName = await exchange(`${base}/address?token=${token}&q=${encodeURIComponent('"<img src=x onerror=alert(1)>" <jane@example.com>')}`);

    // Assess
    expect(hostile.status).toBe(200);
    expect(hostile.body).toContain('&quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;@example.com');
    expect(hostile.body).not.toContain('<script>alert');
    expect(displayName.body).toContain('<h1 id="address">jane@example.com</h1>');
    expect(displayName.body).toContain('&quot;&lt;img src=x onerror=alert(1)&gt;&quot; &lt;jane@example.com&gt;');
    expect(displayName.body).toContain('smtp; 550 &lt;img src=x onerror=alert(1)&gt; no such user');
    expect(displayName.body).not.toContain('<img');
  });

  it('shows counts by status and reason and the suppressions per day as inline SVG', async () => {
    // Act
    const response = await exchange(`${base}/?token=${token}`);

    // Assess
    expect(response.body).toContain('<h2>Records: 2</h2>');
    expect(response.body).toContain('<tr><td>suppressed/bounce</td><td>1</td></tr>');
    expect(response.body).toContain('<tr><td>soft/transient_bounce</td><td>1</td></tr>');
    expect(response.body).toMatch(/<svg class="chart" role="img"/);
  });

  it('shows a table that stopped being readable as an error page', async () => {
    // Prepare
    await localDocumentClient().send(new DeleteTableCommand({ TableName: tableName }));

    // Act
    const response = await exchange(`${base}/?token=${token}`);

    // Assess
    expect(response.status).toBe(502);
    expect(response.body).toContain('<h1>The table could not be read</h1>');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('imports a file through the import command (all or nothing) and exports what import restores', async () => {
    // Act
    const bad = await exchange(
      `${base}/import`,
      form({ token, content: 'email,reason\nok@example.com,manual\nnot-an-address,manual\n', format: 'csv', note: 'n' }),
    );
    const afterBad = (await scanAll(tableName)).map((i) => i.email);
    const good = await exchange(`${base}/import`, form({ token, content: 'email,reason\nimported@example.com,manual\n', format: 'csv', note: 'migration' }));
    const exported = await exchange(`${base}/export?token=${token}&format=jsonl`);

    // Assess
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('nothing was imported');
    expect(afterBad).toEqual(['jane@example.com', 'soft@example.com']);
    expect(good.status).toBe(200);
    expect((await scanAll(tableName)).map((i) => i.email)).toContain('imported@example.com');
    expect(exported.status).toBe(200);
    expect(exported.headers['content-disposition']).toMatch(/^attachment; filename="suppressions-\d{4}-\d\d-\d\d\.jsonl"$/);
    const lines = exported.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { email: string });
    expect(lines.map((l) => l.email).sort()).toEqual(['imported@example.com', 'jane@example.com', 'soft@example.com']);
  });
});
