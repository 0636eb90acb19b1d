import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { sesBounce, snsEnvelope, TOPIC_ARN } from '../helpers/factories';
import { postAsSns } from '../helpers/snsHttp';
import { createSuppressionTable, scanAll } from '../helpers/table';

const BIN = join(__dirname, '..', '..', 'bin', 'ses-bounce-guard.js');

/** `npx ses-bounce-guard serve` as a child process: a container's view of it. */
describe('Bin: ses-bounce-guard serve', () => {
  let child: ChildProcessWithoutNullStreams;
  let lines: Record<string, unknown>[];
  let url: string;
  let tableName: string;
  let exited: Promise<number | null>;

  beforeEach(async () => {
    tableName = await createSuppressionTable();
    lines = [];
    child = spawn(
      process.execPath,
      [
        BIN,
        'serve',
        '--port',
        '0',
        '--host',
        '127.0.0.1',
        '--path',
        '/sns',
        '--topic-arn',
        TOPIC_ARN,
        '--table',
        tableName,
        '--endpoint',
        inject('dynamoEndpoint'),
      ],
      { env: { PATH: process.env.PATH ?? '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
    );
    exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    let buffered = '';
    url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => reject(new Error(`serve wrote to stderr: ${chunk.toString()}`)));
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const complete = buffered.split('\n');
        buffered = complete.pop() ?? '';
        for (const line of complete) {
          const entry = JSON.parse(line) as Record<string, unknown>;
          lines.push(entry);
          if (entry.message === 'listening for SNS') resolve(String(entry.url));
        }
      });
    });
  });
  afterEach(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await exited;
  });

  it('answers /healthz, refuses what SNS would never send, and logs JSON lines', async () => {
    // Act
    const health = await fetch(`${url}/healthz`);
    const other = await postAsSns(`${url}/sns`, snsEnvelope(sesBounce(['jane@example.com']), { TopicArn: `${TOPIC_ARN}-other` }));
    const wrongPath = await fetch(`${url}/elsewhere`, { method: 'POST', body: '{}' });
    const huge = await postAsSns(`${url}/sns`, 'x'.repeat(2 * 1024 * 1024));

    // Assess
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
    expect(other).toEqual({ status: 200, body: { outcome: 'rejected' } });
    expect(wrongPath.status).toBe(404);
    expect(huge.status).toBe(413);
    expect(await scanAll(tableName)).toEqual([]);
    expect(lines.map((line) => line.level)).not.toContain(undefined);
    expect(JSON.stringify(lines)).not.toContain('jane@example.com');
  });

  it('on SIGTERM stops accepting, finishes the request in flight, and exits 0', async () => {
    // Prepare: a request whose body is still arriving when the signal comes.
    const body = JSON.stringify(snsEnvelope(sesBounce(['late@example.com']), { TopicArn: `${TOPIC_ARN}-other` }));
    const answered = new Promise<number | undefined>((resolve, reject) => {
      const req = request(
        `${url}/sns`,
        { method: 'POST', headers: { 'content-type': 'text/plain', 'x-amz-sns-message-type': 'Notification', 'content-length': String(body.length) } },
        (res) => {
          res.resume();
          resolve(res.statusCode);
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 300);
      }, 300);
    });

    // Act
    const status = await answered;
    const code = await exited;

    // Assess
    expect(status).toBe(200);
    expect(code).toBe(0);
    expect(lines.map((line) => line.message)).toEqual(expect.arrayContaining(['stopping: no new connections; in-flight requests finish', 'stopped']));
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
