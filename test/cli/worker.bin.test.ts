import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ExitCode } from '../../src/cli/exitCodes';
import { runCli } from '../helpers/cli';
import { sesBounce, TOPIC_ARN } from '../helpers/factories';
import { type SqsStub, startSqsStub } from '../helpers/sqsStub';
import { createSuppressionTable, scanAll } from '../helpers/table';

const BIN = join(__dirname, '..', '..', 'bin', 'ses-bounce-guard.js');

/** `npx ses-bounce-guard worker` as a child process against the SQS stand-in. */
describe('Bin: ses-bounce-guard worker', () => {
  let sqs: SqsStub;

  beforeAll(async () => {
    sqs = await startSqsStub();
  });
  afterAll(() => sqs.close());

  it('with --trust-queue writes a raw-delivered event, deletes it, and exits 0 on SIGTERM', async () => {
    // Prepare
    const tableName = await createSuppressionTable();
    const queue = `worker-${Date.now()}`;
    sqs.configureQueue(queue, { visibilityTimeoutSeconds: 30 });
    sqs.seed(queue, [JSON.stringify(sesBounce(['raw@example.com']))]);
    const args = ['worker', '--queue-url', sqs.queueUrl(queue), '--topic-arn', TOPIC_ARN, '--configuration-set', 'ConfigSet'];
    const child = spawn(
      process.execPath,
      [BIN, ...args, '--trust-queue', '--table', tableName, '--endpoint', inject('dynamoEndpoint'), '--region', 'us-east-1'],
      {
        env: { PATH: process.env.PATH ?? '', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' },
      },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));

    // Act
    const deadline = Date.now() + 60_000;
    while (sqs.messages(queue).length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill('SIGTERM');
    const code = await exited;

    // Assess
    expect(code).toBe(0);
    expect((await scanAll(tableName)).map((item) => item.email)).toEqual(['raw@example.com']);
    const messages = stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { message: string }).message);
    expect(messages).toEqual(expect.arrayContaining(['worker polling', 'SES event recorded', 'worker stopped']));
    expect(stdout).not.toContain('raw@example.com');
  });

  it.each([
    [['worker', '--topic-arn', TOPIC_ARN, '--table', 't'], '--queue-url <url> is required'],
    [['worker', '--queue-url', 'http://127.0.0.1:1/0/q', '--table', 't'], 'no topic: pass --topic-arn'],
    [
      ['worker', '--queue-url', 'http://127.0.0.1:1/0/q', '--topic-arn', TOPIC_ARN, '--table', 't', '--concurrency', '0'],
      '--concurrency must be a positive integer',
    ],
  ])('refuses %j with a usage error before polling', async (argv, message) => {
    // Act
    const run = await runCli(argv);

    // Assess
    expect(run.code).toBe(ExitCode.USAGE);
    expect(run.stderr).toContain(message);
  });
});
