import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../local/dynamoDbLocal';
import { runProcess } from '../helpers/runProcess';

const ROOT = join(__dirname, '..', '..');

/** The environment a newcomer's shell gives `npm start`: no AWS variables at all. */
const SHELL_ENV = { HOME: process.env.HOME ?? tmpdir(), PATH: process.env.PATH ?? '' };

/** `npm start` exactly as a newcomer runs it, in a child process. */
function npmStart(args: string[] = []) {
  return runProcess('npm', ['start', '--silent', '--', ...args], { cwd: ROOT, env: SHELL_ENV });
}

/** A sample event with another recipient and feedback id, changed by `change`. */
function sampleBounce(recipient: string, feedbackId: string, change: (event: Record<string, any>) => void = () => undefined): Record<string, unknown> {
  const event = JSON.parse(readFileSync(join(ROOT, 'samples', '01-permanent-bounce.json'), 'utf8')) as Record<string, any>;
  event.bounce.bouncedRecipients[0].emailAddress = recipient;
  event.bounce.feedbackId = feedbackId;
  event.mail.destination = [recipient];
  change(event);
  return event;
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
    // One unit per table, each adding up to its headline: 10 events twice = 20 deliveries, then the recipients of the recorded ones.
    expect(run.stdout).toContain('Delivered 10 SES events twice each (SNS, then SQS): 20 deliveries; and 2 forgeries');
    expect(run.stdout).toContain('What the handler did with your 20 deliveries');
    expect(run.stdout).toMatch(/recorded \(acted on its recipients, below\)\s+16\n/);
    expect(run.stdout).toMatch(/ignored event types\s+2\n/);
    // samples/10-ses-setup-notice.json, through SNS and SQS: acknowledged, not failed.
    expect(run.stdout).toMatch(/SES's setup notice \(acknowledged, nothing written\)\s+2\n/);
    expect(run.stdout).toMatch(/ {2}rejected\s+0\n/);
    expect(run.stdout).toMatch(/ {2}failed\s+0\n/);
    expect(run.stdout).toMatch(/ignored: \S+09-delivery-ignored\.json \(SNS, SQS\): event type Delivery, not acted on/);
    expect(run.stdout).toContain('What became of the 22 recipients of the 16 recorded deliveries');
    expect(run.stdout).toMatch(/suppressed, reason bounce\s+7\n/);
    expect(run.stdout).toMatch(/suppressed, reason complaint\s+1\n/);
    expect(run.stdout).toMatch(/soft record, reason transient_bounce\s+1\n/);
    expect(run.stdout).toMatch(/soft record, reason not_spam_complaint\s+1\n/);
    expect(run.stdout).toMatch(/duplicates \(redeliveries: nothing changed\)\s+10\n/);
    expect(run.stdout).toMatch(/without a valid address \(skipped\)\s+2\n/);
    expect(run.stdout).toMatch(/invalid recipient: \S+08-display-names-and-an-invalid-recipient\.json \(SNS, SQS\): \S+/);
    expect(run.stdout).toContain("demo forgeries rejected as expected: 2 (signature does not match the message; topic is not the stack's topic)");
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(
      /^Proved: the bundle `cdk deploy` ships recorded your 16 deliveries through both entries into 10 table items/,
    );
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

  it("names the user's failed and rejected events by file and item, keeps the demo's forgeries apart, writes nothing for them, exits 1", {
    timeout: 240_000,
  }, async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'start-events-'));
    const file = join(dir, 'mine.json');
    writeFileSync(
      file,
      JSON.stringify([
        sampleBounce('good.person@example.com', 'feedback-good'),
        sampleBounce('broken.person@example.com', 'feedback-broken', (event) => delete event.bounce.bouncedRecipients),
        sampleBounce('other.set@example.com', 'feedback-other-set', (event) => (event.mail.tags['ses:configuration-set'] = ['someone-elses-set'])),
      ]),
    );

    // Act
    const run = await npmStart([file]);

    // Assess
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/suppressed, reason bounce\s+1\n/);
    expect(run.stdout).toMatch(/ {2}rejected\s+2\n/);
    expect(run.stdout).toMatch(/ {2}failed\s+2\n/);
    expect(run.stdout).toContain(`\n  failed: ${file} [1] (SNS, SQS): bounce.bouncedRecipients is not an array\n`);
    expect(run.stdout).toContain(
      `\n  rejected: ${file} [2] (SNS, SQS): configuration set mismatch: the event was sent through "someone-elses-set", this run's handler expects "txn-mail" (pass --configuration-set someone-elses-set)\n`,
    );
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('NOT proved: 2 deliveries rejected, 2 deliveries failed (named above); exit code 1.');
    expect(run.stdout).toMatch(/\ndemo forgeries rejected as expected: 2 \(/);
    expect(run.stdout).toContain('The suppression table (1 item)');
    expect(run.stdout).toMatch(/good\.person@example\.com\s+suppressed/);
    expect(run.stdout).not.toContain('broken.person@example.com');
    expect(run.stdout).not.toContain('other.set@example.com');
  });

  it.each([
    [['--bogus'], 'start: unknown option --bogus'],
    [['--data-dir'], 'start: --data-dir needs a value (DIR)'],
    [['--verbose=yes'], 'start: --verbose takes no value'],
    [['--keep', '--port', 'eighty'], 'start: --port must be an integer from 1 to 65535, not "eighty"'],
  ])('refuses %j with one line, the usage and exit code 2, no stack trace, before starting anything', async (args, line) => {
    // Act
    const run = await npmStart(args);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(line);
    expect(run.stderr).toContain('usage: npm start -- [--keep]');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stderr).not.toContain('synthesizing');
    expect(run.stdout).toBe('');
  });

  it('calls an event of another configuration set a mismatch with the --configuration-set hint and exits 1; with the hint followed it passes, synthesizing anew for the new setting and reusing that synth on the next run', {
    timeout: 360_000,
  }, async () => {
    // Prepare: a configuration set no earlier run used, so that its synth cannot be cached yet.
    const set = `orders${process.pid}${Date.now() % 100_000}`;
    const dir = mkdtempSync(join(tmpdir(), 'start-set-'));
    const file = join(dir, 'orders.json');
    writeFileSync(file, JSON.stringify([sampleBounce('buyer@example.com', 'feedback-orders', (event) => (event.mail.tags['ses:configuration-set'] = [set]))]));

    // Act
    const mismatched = await npmStart([file]);
    const followed = await npmStart(['--configuration-set', set, file]);
    const again = await npmStart(['--configuration-set', set, file]);

    // Assess
    expect(mismatched.code, mismatched.stderr).toBe(1);
    expect(mismatched.stdout).toContain(
      `rejected: ${file} [0] (SNS, SQS): configuration set mismatch: the event was sent through "${set}", this run's handler expects "txn-mail" (pass --configuration-set ${set})`,
    );
    expect(mismatched.stdout).not.toContain('unauthentic');
    expect(followed.code, followed.stderr).toBe(0);
    expect(followed.stdout).toMatch(/recorded \(acted on its recipients, below\)\s+2\n/);
    expect(followed.stdout.trimEnd().split('\n').at(-1)).toMatch(/^Proved: /);
    expect(followed.stderr).toContain('start: synthesized the stack into ');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('start: reused the synthesized stack in ');
    expect(again.stderr).not.toContain('start: synthesized the stack into ');
  });

  it('refuses a --data-dir that does not exist before any work, with one line and exit code 2, and leaves no temporary folder', async () => {
    // Prepare
    const before = readdirSync(tmpdir()).filter((name) => name.startsWith('ses-bounce-guard-start-'));
    const missing = join(tmpdir(), `no-such-dir-${process.pid}`, 'data');

    // Act
    const run = await npmStart(['--data-dir', missing]);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(`start: --data-dir ${missing}: no such directory (create it first: mkdir -p ${missing})`);
    expect(run.stderr).not.toContain('start: synthesiz');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stdout).toBe('');
    expect(existsSync(missing)).toBe(false);
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith('ses-bounce-guard-start-'))).toEqual(before);
  });

  it('--help explains every option and exits 0', async () => {
    // Act
    const run = await npmStart(['--help']);

    // Assess
    expect(run.code).toBe(0);
    for (const option of ['--keep', '--port N', '--data-dir DIR', '--configuration-set NAME', '--verbose', '--help']) {
      expect(run.stdout).toMatch(new RegExp(`^  ${option} +\\S.{20,}`, 'm'));
    }
    expect(run.stderr).toBe('');
  });

  it('refuses --keep on a port in use with one line and exit code 1, before synthesizing', async () => {
    // Prepare: something else listens on every interface, as DynamoDB Local would.
    const other = createServer();
    await new Promise<void>((resolve) => other.listen(0, resolve));
    const port = (other.address() as { port: number }).port;

    try {
      // Act
      const run = await npmStart(['--keep', '--port', String(port)]);

      // Assess
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        `start: port ${port} is already in use (another DynamoDB Local, or \`npm start -- --keep\` still running?): stop it, or pass --port <another port>\n`,
      );
    } finally {
      other.close();
    }
  });

  it('--keep leaves DynamoDB Local up for the printed CLI line, and SIGINT stops it', { timeout: 240_000 }, async () => {
    // Prepare
    const port = await freePort();
    const child = spawn('npm', ['start', '--silent', '--', '--keep', '--port', String(port)], {
      cwd: ROOT,
      env: SHELL_ENV,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));

    try {
      // Ready when the last line of the banner is out; not ready if the run ends first.
      const ready = await new Promise<boolean>((resolve) => {
        const poll = setInterval(() => {
          if (/stops it\.\n/.test(stdout)) {
            clearInterval(poll);
            resolve(true);
          }
        }, 200);
        void exited.then(() => {
          clearInterval(poll);
          resolve(false);
        });
      });
      expect(ready, stderr).toBe(true);
      const endpoint = `http://127.0.0.1:${port}`;
      expect(stdout).toContain(`  endpoint  ${endpoint}\n`);
      expect(stdout).toContain('  table     ses-bounce-guard-local\n');
      const line = /^ {2}try {7}(.+)$/m.exec(stdout)?.[1] ?? '';
      expect(line).toBe(`npx ses-bounce-guard list --table ses-bounce-guard-local --endpoint ${endpoint}`);
      const pid = Number(/kill (\d+)\) stops it/.exec(stdout)?.[1]);

      // Act: the printed line, with the repository's bin for `npx ses-bounce-guard`, from a shell
      // with no AWS variables; and another tool signing with credentials and a region of its own.
      const cli = await runProcess(process.execPath, [join(ROOT, 'bin', 'ses-bounce-guard.js'), ...line.split(' ').slice(2)], { cwd: ROOT, env: SHELL_ENV });
      const otherTool = new DynamoDBClient({ endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'someoneelse', secretAccessKey: 'someoneelse' } });
      const seenByOtherTool = await otherTool.send(new DescribeTableCommand({ TableName: 'ses-bounce-guard-local' })).finally(() => otherTool.destroy());
      const upBeforeSignal = await listening(endpoint);
      process.kill(pid, 'SIGINT');
      const code = await exited;

      // Assess
      expect(cli.code, cli.stderr).toBe(0);
      expect(cli.stdout).toMatch(/^suppressed\s+complaint\s+.*\s+angry\.reader@example\.com$/m);
      expect(cli.stdout).toMatch(/^soft\s+transient_bounce\s+.*\s+full\.mailbox@example\.com$/m);
      expect(seenByOtherTool.Table?.TableName).toBe('ses-bounce-guard-local');
      expect(upBeforeSignal).toBe(true);
      expect(code, stderr).toBe(0);
      expect(stderr).toContain('start: SIGINT: stopping DynamoDB Local');
      expect(await listening(endpoint)).toBe(false);
    } finally {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }
  });
});
