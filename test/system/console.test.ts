import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeServer } from '../helpers/loopbackServer';
import { recipientEvent, seed, softEvent } from '../helpers/records';
import { createSuppressionTable, scanAll } from '../helpers/table';

/**
 * The console in a real browser: the CLI's bin serves it against DynamoDB Local, Debian's Chromium
 * (never a downloaded one) drives it headless. Screenshots are kept in test-artifacts/console/.
 */
const ROOT = join(__dirname, '..', '..');
const ARTIFACTS = join(ROOT, 'test-artifacts', 'console');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const HOSTILE_RECORD = '<img src=x onerror=alert(1)>@evil.example';
const HOSTILE_QUERY = '"<script>alert(1)</script>"@example.com';

function daysAgo(n: number): string {
  return new Date(Date.now() - n * 86_400_000).toISOString();
}

/** Starts `ses-bounce-guard console` and resolves the URL it prints. */
function startConsoleProcess(args: readonly string[]): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'ses-bounce-guard.js'), 'console', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`the console printed no URL in 60 s:\n${stdout}\n${stderr}`)), 60_000);
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /^(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64})\n/.exec(stdout)?.[1];
      if (url !== undefined) {
        clearTimeout(timer);
        resolve({ child, url, stderr: () => stderr });
      }
    });
    child.once('exit', (code) => reject(new Error(`the console exited (${code}):\n${stdout}\n${stderr}`)));
  });
}

describe('Console: in Chromium', () => {
  let tableName: string;
  let consoleProcess: { child: ChildProcess; url: string; stderr: () => string };
  let userDataDir: string;
  let browser: BrowserContext;
  let page: Page;
  let attacker: Server;
  const dialogs: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    tableName = await createSuppressionTable();
    await seed(
      tableName,
      recipientEvent('jane@example.com', {
        eventAt: daysAgo(1),
        diagnosticCode: 'smtp; 550 5.1.1 <img src=x onerror=alert(1)> user unknown',
        dsnStatus: '5.1.1',
      }),
      recipientEvent('john@example.com', {
        eventAt: daysAgo(3),
        reason: 'complaint',
        bounceType: undefined,
        bounceSubType: undefined,
        complaintFeedbackType: 'abuse',
      }),
      recipientEvent('mia@example.org', { eventAt: daysAgo(3) }),
      recipientEvent('lee@example.net', { eventAt: daysAgo(8) }),
      softEvent('soft@example.com'),
      recipientEvent(HOSTILE_RECORD, { eventAt: daysAgo(0) }),
    );
    consoleProcess = await startConsoleProcess([
      '--default-policy',
      '--table',
      tableName,
      '--endpoint',
      inject('dynamoEndpoint'),
      '--no-open',
      '--actor',
      'support',
    ]);
    userDataDir = mkdtempSync(join(tmpdir(), 'sbg-chromium-'));
    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: { width: 1100, height: 900 },
      timeout: 60_000,
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(30_000);
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    if (userDataDir !== undefined) rmSync(userDataDir, { recursive: true, force: true });
    if (attacker !== undefined) await closeServer(attacker);
    consoleProcess?.child.kill('SIGTERM');
  });

  it('shows the overview: stats, the chart, and a hostile stored address as plain text', async () => {
    // Act
    await page.goto(consoleProcess.url);
    await page.screenshot({ path: join(ARTIFACTS, 'overview.png'), fullPage: true });

    // Assess
    await expect(page.locator('h2', { hasText: 'Records: 6' }).count()).resolves.toBe(1);
    await expect(page.locator('svg.chart rect.bar').count()).resolves.toBe(30);
    await expect(page.getByText(HOSTILE_RECORD, { exact: true }).count()).resolves.toBe(1);
    await expect(page.locator('img').count()).resolves.toBe(0);
  });

  it('looks up an address given with a display name and another case, with its evidence', async () => {
    // Act
    await page.getByRole('searchbox', { name: 'address' }).fill('Jane Doe <JANE@Example.com>');
    await page.getByRole('button', { name: 'Look up' }).click();
    await page.waitForURL(/\/address\?/);
    await page.screenshot({ path: join(ARTIFACTS, 'address.png'), fullPage: true });

    // Assess
    await expect(page.locator('h1#address').textContent()).resolves.toBe('jane@example.com');
    await expect(page.locator('.status').first().textContent()).resolves.toBe('suppressed');
    await expect(page.getByText('smtp; 550 5.1.1 <img src=x onerror=alert(1)> user unknown', { exact: true }).count()).resolves.toBe(1);
    await expect(page.locator('img').count()).resolves.toBe(0);
  });

  it('removes it with a note and shows the audit line', async () => {
    // Act
    await page.getByRole('textbox', { name: 'note' }).fill('ticket 4711: mailbox fixed');
    await page.getByRole('button', { name: 'Remove from the list' }).click();
    await page.locator('.notice.ok').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'removed.png'), fullPage: true });

    // Assess
    const audit = page.locator('tr.audit');
    await expect(audit.count()).resolves.toBe(1);
    await expect(audit.locator('td').allTextContents()).resolves.toEqual([
      expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      'remove',
      'support',
      'ticket 4711: mailbox fixed',
      'suppressed bounce',
    ]);
    await expect(page.locator('.status').first().textContent()).resolves.toBe('not suppressed');
    // What is left of the address is its release marker: no status, nothing that suppresses.
    expect((await scanAll(tableName)).find((i) => i.email === 'jane@example.com')?.status).toBeUndefined();
  });

  it('renders a hostile address literally and runs none of it', async () => {
    // Act
    await page.getByRole('searchbox', { name: 'address' }).fill(HOSTILE_QUERY);
    await page.getByRole('button', { name: 'Look up' }).click();
    await page.locator('#query').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'hostile.png'), fullPage: true });

    // Assess
    await expect(page.locator('#query').textContent()).resolves.toBe(HOSTILE_QUERY);
    await expect(page.locator('script').count()).resolves.toBe(1);
    expect(dialogs).toEqual([]);
  });

  it('imports a chosen file: the page reads it into the form, the import command writes it', async () => {
    // Prepare
    await page.goto(consoleProcess.url);

    // Act
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'list.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from('{"email":"Imported <IMPORTED@example.com>"}\n') });
    await expect.poll(() => page.locator('#import-format').inputValue()).toBe('jsonl');
    await page.getByRole('textbox', { name: 'note' }).fill('from the CRM');
    await page.getByRole('button', { name: 'Import' }).click();
    await page.locator('.notice').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'imported.png'), fullPage: true });

    // Assess
    await expect(page.locator('.notice').textContent()).resolves.toMatch(/^1 line: 1 written/);
    expect((await scanAll(tableName)).find((i) => i.email === 'imported@example.com')).toMatchObject({ status: 'suppressed', reason: 'manual' });
  });

  it("refuses a form that another site's page submits to it", async () => {
    // Prepare: a page on another origin that posts a removal, token included, as soon as it loads.
    const target = new URL(consoleProcess.url);
    const token = target.searchParams.get('token') ?? '';
    attacker = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        `<form id="f" method="post" action="${target.origin}/remove"><input name="token" value="${token}"><input name="address" value="john@example.com"><input name="note" value="csrf"></form><script>document.getElementById('f').submit()</script>`,
      );
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    const port = (attacker.address() as { port: number }).port;

    // Act
    const response = page.waitForResponse((r) => r.url() === `${target.origin}/remove`);
    await page.goto(`http://127.0.0.1:${port}/`);

    // Assess
    expect((await response).status()).toBe(403);
    expect((await scanAll(tableName)).map((i) => String(i.email))).toContain('john@example.com');
  });

  it('broke no Content-Security-Policy rule of its own and fired no dialog', () => {
    // Assess: the console's own style and script carry the nonce; the attacker's page logged nothing.
    expect(problems.filter((p) => !p.includes('403'))).toEqual([]);
    expect(dialogs).toEqual([]);
  });

  it('stops on SIGTERM with exit code 0', async () => {
    // Act
    const exited = new Promise<number | null>((resolve) => consoleProcess.child.once('exit', resolve));
    consoleProcess.child.kill('SIGTERM');

    // Assess
    await expect(exited).resolves.toBe(0);
  });
});
