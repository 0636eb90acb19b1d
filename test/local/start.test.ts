import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProcess } from '../helpers/runProcess';

const ROOT = join(__dirname, '..', '..');

/** `npm start` exactly as a newcomer runs it, in a child process. */
function npmStart(args: string[] = []) {
  return runProcess('npm', ['start', '--silent', '--', ...args], { cwd: ROOT, env: { HOME: process.env.HOME ?? tmpdir(), PATH: process.env.PATH ?? '' } });
}

/** Whether anything still accepts connections at an http://host:port endpoint. */
function listening(endpoint: string): Promise<boolean> {
  const { hostname, port } = new URL(endpoint);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('npm start', () => {
  it('runs the whole pipeline on the samples, prints what happened, exits 0 and leaves no process', { timeout: 240_000 }, async () => {
    // Act
    const run = await npmStart();

    // Assess
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/suppressed, reason bounce\s+7/);
    expect(run.stdout).toMatch(/suppressed, reason complaint\s+1/);
    expect(run.stdout).toMatch(/soft record, reason transient_bounce\s+1/);
    expect(run.stdout).toMatch(/soft record, reason not_spam_complaint\s+1/);
    expect(run.stdout).toMatch(/duplicates \(redeliveries: nothing changed\)\s+10/);
    expect(run.stdout).toMatch(/ignored event types\s+2/);
    expect(run.stdout).toMatch(/rejected as unauthentic\s+2/);
    expect(run.stdout).toMatch(/failed records\s+0/);
    expect(run.stdout).toMatch(/angry\.reader@example\.com\s+do not send\s+suppressed, complaint/);
    expect(run.stdout).toMatch(/full\.mailbox@example\.com\s+send\s+soft, transient_bounce/);
    expect(run.stdout).toMatch(/new\.customer@example\.com\s+send\s+no record/);
    // One event per address that became suppressed (7 bounces, 1 complaint); redeliveries add none.
    expect(run.stdout.match(/^ {2}Address Suppressed {2}/gm)).toHaveLength(8);
    expect(run.stdout).toMatch(/Address Suppressed\s+angry\.reader@example\.com\s+complaint/);
    expect(run.stderr).toContain("creating table ses-bounce-guard-local from the template's definition");
    const endpoint = /DynamoDB Local listening at (\S+)/.exec(run.stderr)?.[1];
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await listening(endpoint as string)).toBe(false);
  });

  it.each([
    ['a file that is not JSON', 'broken.json', '{"eventType": "Bounce",', /broken\.json: not JSON/],
    ['JSON that is not an SES event', 'other.json', '{"hello": "world"}', /other\.json: not an SES event/],
    ['an array with one bad item', 'list.json', '[{"eventType":"Delivery"}, 42]', /list\.json \[1\]: not an SES event/],
  ])('refuses %s with a clear message and exit code 2, before starting anything', async (_name, file, content, message) => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'start-input-'));
    writeFileSync(join(dir, file), content);

    // Act
    const run = await npmStart([join(dir, file)]);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toContain('synthesizing');
  });

  it('refuses a path that does not exist', async () => {
    const run = await npmStart(['/nonexistent/events.json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('/nonexistent/events.json: no such file or directory');
  });
});
