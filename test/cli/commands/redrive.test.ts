import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/cli/exitCodes';
import { runCli } from '../../helpers/cli';
import { sesBounce, snsEnvelope, snsEvent, TOPIC_ARN } from '../../helpers/factories';
import { type LambdaStub, startLambdaStub } from '../../helpers/lambdaStub';
import { type SqsStub, startSqsStub } from '../../helpers/sqsStub';

const FUNCTION = 'bounce-handler';

/** A Lambda `onFailure` invocation record, as direct mode's processing dead-letter queue holds it. */
function invocationRecord(event: unknown): string {
  return JSON.stringify({
    version: '1.0',
    timestamp: '2026-03-01T00:00:00.000Z',
    requestContext: {
      requestId: 'r-1',
      functionArn: `arn:aws:lambda:us-east-1:000000000000:function:${FUNCTION}:$LATEST`,
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
    },
    requestPayload: event,
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: { errorType: 'AggregateError', errorMessage: '1 of 1 SNS records failed' },
  });
}

describe('Command: redrive', () => {
  let sqs: SqsStub;
  let lambda: LambdaStub;
  let dlq: string;
  let main: string;

  beforeEach(async () => {
    sqs = await startSqsStub();
    lambda = await startLambdaStub(FUNCTION);
    dlq = sqs.queueUrl('dlq');
    main = sqs.queueUrl('main');
  });
  afterEach(async () => {
    await sqs.close();
    await lambda.close();
  });

  const bodies = (n: number) => Array.from({ length: n }, (_, i) => JSON.stringify(snsEnvelope(sesBounce([`user${i}@example.com`]))));
  const toQueue = (...extra: string[]) => runCli(['redrive', '--source', dlq, '--target', main, '--sqs-endpoint', sqs.endpoint, '--json', ...extra]);
  const toFunction = (...extra: string[]) =>
    runCli(['redrive', '--source', dlq, '--function', FUNCTION, '--sqs-endpoint', sqs.endpoint, '--lambda-endpoint', lambda.endpoint, '--json', ...extra]);

  describe('to a queue (queue mode)', () => {
    it('moves every message, in batches of 10, and empties the source', async () => {
      // Prepare
      const sent = bodies(23);
      sqs.seed('dlq', sent);

      // Act
      const { code, stdout } = await toQueue();

      // Assess
      expect(code).toBe(ExitCode.OK);
      expect(JSON.parse(stdout)).toMatchObject({ received: 23, moved: 23, failed: 0, skipped: 0, notDeleted: 0, dryRun: false, approximateInSource: 23 });
      expect(sqs.messages('dlq')).toEqual([]);
      expect(sqs.messages('main').map((m) => m.Body)).toEqual(sent);
      expect(sqs.count('SendMessageBatch')).toBe(3);
    });

    it('stops after --max messages and leaves the rest, visible', async () => {
      // Prepare
      sqs.seed('dlq', bodies(15));

      // Act
      const { code, stdout } = await toQueue('--max', '12');

      // Assess
      expect(code).toBe(ExitCode.OK);
      expect(JSON.parse(stdout)).toMatchObject({ received: 12, moved: 12 });
      expect(sqs.messages('main')).toHaveLength(12);
      expect(sqs.messages('dlq').map((m) => m.inFlight)).toEqual([false, false, false]);
    });

    it('in a dry run counts the messages, moves nothing and releases them', async () => {
      // Prepare
      sqs.seed('dlq', bodies(5));

      // Act
      const { code, stdout } = await runCli(['redrive', '--source', dlq, '--target', main, '--sqs-endpoint', sqs.endpoint, '--dry-run']);

      // Assess
      expect(code).toBe(ExitCode.OK);
      expect(stdout).toContain('dry run: received 5, would move 5, would leave 0; nothing was moved');
      expect(sqs.messages('main')).toEqual([]);
      expect(sqs.messages('dlq').map((m) => m.inFlight)).toEqual([false, false, false, false, false]);
      expect(sqs.count('SendMessageBatch') + sqs.count('DeleteMessageBatch')).toBe(0);
    });

    it('keeps a message the target refused in the source, deletes the others, and exits 1', async () => {
      // Prepare
      const [good1, good2] = bodies(2) as [string, string];
      const [, poisonId] = sqs.seed('dlq', [good1, 'poison', good2]);
      sqs.failSendWhen((body) => body === 'poison');

      // Act
      const { code, stdout } = await toQueue();

      // Assess
      expect(code).toBe(ExitCode.FAILED);
      const report = JSON.parse(stdout);
      expect(report).toMatchObject({ received: 3, moved: 2, failed: 1, skipped: 0 });
      expect(report.problems).toEqual([{ messageId: poisonId, reason: 'InternalError: stub refused this entry' }]);
      expect(sqs.messages('dlq').map((m) => [m.Body, m.inFlight])).toEqual([['poison', false]]);
      expect(sqs.messages('main').map((m) => m.Body)).toEqual([good1, good2]);
      expect(sqs.count('DeleteMessageBatch')).toBe(1);
    });
  });

  describe('to the function (direct mode)', () => {
    it("invokes the function asynchronously with each record's event or envelope, and deletes what it took", async () => {
      // Prepare
      const event1 = snsEvent(snsEnvelope(sesBounce(['a@example.com'])));
      const event2 = snsEvent(snsEnvelope(sesBounce(['b@example.com'])));
      const envelope = snsEnvelope(sesBounce(['c@example.com']));
      sqs.seed('dlq', [invocationRecord(event1), invocationRecord(event2), JSON.stringify(envelope)]);

      // Act
      const { code, stdout } = await toFunction();

      // Assess
      expect(code).toBe(ExitCode.OK);
      expect(JSON.parse(stdout)).toMatchObject({ received: 3, moved: 3, failed: 0, skipped: 0, destination: `function ${FUNCTION}` });
      expect(lambda.invocations.map((i) => i.invocationType)).toEqual(['Event', 'Event', 'Event']);
      expect(lambda.invocations.slice(0, 2).map((i) => i.payload)).toEqual([event1, event2]);
      const third = lambda.invocations[2]?.payload as { Records: { EventSource: string; Sns: Record<string, unknown> }[] };
      expect(third.Records[0]).toMatchObject({
        EventSource: 'aws:sns',
        Sns: { MessageId: envelope.MessageId, TopicArn: TOPIC_ARN, SigningCertUrl: envelope.SigningCertURL },
      });
      expect(sqs.messages('dlq')).toEqual([]);
    });

    it('leaves a message it cannot read, and one whose Invoke failed, in the source', async () => {
      // Prepare
      const good = snsEvent(snsEnvelope(sesBounce(['a@example.com'])));
      const refused = snsEvent(snsEnvelope(sesBounce(['refused@example.com'])));
      const [, garbageId, refusedId] = sqs.seed('dlq', [invocationRecord(good), 'not json', invocationRecord(refused)]);
      lambda.failInvokeWhen((payload) => JSON.stringify(payload).includes('refused@example.com'));

      // Act
      const { code, stdout } = await toFunction();

      // Assess
      expect(code).toBe(ExitCode.FAILED);
      const report = JSON.parse(stdout);
      expect(report).toMatchObject({ received: 3, moved: 1, failed: 1, skipped: 1 });
      expect(report.problems).toEqual([
        { messageId: garbageId, reason: 'body is not JSON' },
        { messageId: refusedId, reason: expect.stringContaining('ServiceException') },
      ]);
      expect(lambda.invocations.map((i) => i.payload)).toEqual([good]);
      expect(sqs.messages('dlq').map((m) => [m.MessageId, m.inFlight])).toEqual([
        [garbageId, false],
        [refusedId, false],
      ]);
    });

    it('in a dry run invokes nothing and reports what it could not read', async () => {
      // Prepare
      sqs.seed('dlq', [invocationRecord(snsEvent(snsEnvelope(sesBounce(['a@example.com'])))), '{"hello":"world"}']);

      // Act
      const { code, stdout } = await toFunction('--dry-run');

      // Assess
      expect(code).toBe(ExitCode.FAILED);
      expect(JSON.parse(stdout)).toMatchObject({ dryRun: true, received: 2, moved: 1, skipped: 1 });
      expect(lambda.invocations).toEqual([]);
      expect(sqs.messages('dlq')).toHaveLength(2);
      expect(sqs.count('DeleteMessageBatch')).toBe(0);
    });
  });

  describe('bad input', () => {
    it.each([
      [['--target', 'https://sqs.example/1/main'], '--source <queue-url> is required'],
      [['--source', 'not a url', '--target', 'https://sqs.example/1/main'], '--source is not a URL (got "not a url")'],
      [['--source', 'ftp://sqs.example/1/dlq', '--target', 'https://sqs.example/1/main'], '--source is not an SQS queue URL'],
      [['--source', 'https://sqs.example/dlq', '--target', 'https://sqs.example/1/main'], '--source is not an SQS queue URL'],
      [['--source', 'https://sqs.example/1/dlq'], 'give exactly one of --target <queue-url> and --function <name>'],
      [['--source', 'https://sqs.example/1/dlq', '--target', 'https://sqs.example/1/main', '--function', 'f'], 'give exactly one of'],
      [['--source', 'https://sqs.example/1/dlq', '--target', 'https://sqs.example/1/dlq'], '--target is the --source queue'],
      [['--source', 'https://sqs.example/1/dlq', '--target', 'https://sqs.example/1/main', '--max', '0'], '--max must be a positive integer (got "0")'],
      [['--source', 'https://sqs.example/1/dlq', '--target', 'https://sqs.example/1/main', '--max', 'ten'], '--max must be a positive integer (got "ten")'],
      [['--source', 'https://sqs.example/1/dlq', '--target', 'https://sqs.example/1/main', 'extra'], 'redrive takes no arguments'],
    ])('refuses %j with a usage error, touching no queue', async (args, message) => {
      // Act
      const { code, stderr } = await runCli(['redrive', ...args, '--sqs-endpoint', sqs.endpoint]);

      // Assess
      expect(code).toBe(ExitCode.USAGE);
      expect(stderr).toContain(message);
      expect(sqs.requests).toEqual([]);
    });

    it('names an unknown source queue and moves nothing', async () => {
      // Act
      const { code, stderr } = await runCli(['redrive', '--source', `${sqs.endpoint}/000000000000/nope`, '--target', main, '--sqs-endpoint', sqs.endpoint]);

      // Assess
      expect(code).toBe(ExitCode.FAILED);
      expect(stderr).toContain(`error: source queue ${sqs.endpoint}/000000000000/nope does not exist. Nothing was moved.`);
      expect(sqs.count('ReceiveMessage')).toBe(0);
    });

    it('names an unknown target queue and leaves the source untouched', async () => {
      // Prepare
      sqs.seed('dlq', bodies(2));

      // Act
      const { code, stderr } = await runCli(['redrive', '--source', dlq, '--target', `${sqs.endpoint}/000000000000/nope`, '--sqs-endpoint', sqs.endpoint]);

      // Assess
      expect(code).toBe(ExitCode.FAILED);
      expect(stderr).toContain('target queue');
      expect(stderr).toContain('does not exist. Nothing was moved.');
      expect(sqs.count('ReceiveMessage')).toBe(0);
      expect(sqs.messages('dlq').map((m) => m.receiveCount)).toEqual([0, 0]);
    });

    it('names an unknown function and leaves the source untouched', async () => {
      // Prepare
      sqs.seed('dlq', bodies(1));

      // Act
      const { code, stderr } = await runCli([
        'redrive',
        '--source',
        dlq,
        '--function',
        'missing',
        '--sqs-endpoint',
        sqs.endpoint,
        '--lambda-endpoint',
        lambda.endpoint,
      ]);

      // Assess
      expect(code).toBe(ExitCode.FAILED);
      expect(stderr).toContain('error: function "missing" does not exist. Nothing was moved.');
      expect(sqs.count('ReceiveMessage')).toBe(0);
      expect(lambda.invocations).toEqual([]);
    });
  });
});
