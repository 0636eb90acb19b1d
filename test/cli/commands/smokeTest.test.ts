import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createHandler } from '../../../lambda/bounceHandler/handler';
import { createSigningAuthority } from '../../../local/snsSigningAuthority';
import { trustCertificate } from '../../../local/trustCertificate';
import { ExitCode } from '../../../src/cli/exitCodes';
import { SuppressionStore } from '../../../src/store/SuppressionStore';
import { runCli } from '../../helpers/cli';
import { type CloudFormationStub, startCloudFormationStub } from '../../helpers/cloudFormationStub';
import { type CloudWatchStub, type StubMetric, startCloudWatchStub } from '../../helpers/cloudWatchStub';
import { sesBounce, sesComplaint, snsEnvelope, snsEvent, TOPIC_ARN } from '../../helpers/factories';
import { startLambdaStub } from '../../helpers/lambdaStub';
import { type SesStub, startSesStub } from '../../helpers/sesStub';
import { type SqsStub, startSqsStub } from '../../helpers/sqsStub';
import { createStreamedSuppressionTable } from '../../helpers/streamTable';
import { createSuppressionTable, localDocumentClient, scanAll } from '../../helpers/table';

const STACK = 'SesBounceGuard';
const CONFIG_SET = 'ConfigSet';
const TOPIC_NAME = 'ses-bounce-guard-events';
const BOUNCE = 'bounce@simulator.amazonses.com';
const COMPLAINT = 'complaint@simulator.amazonses.com';

/** The four metrics the alarms watch, written out by hand (not from the module under test). */
const ALL_REPUTATION_METRICS: StubMetric[] = [
  { Namespace: 'AWS/SES', MetricName: 'Reputation.BounceRate', Dimensions: [] },
  { Namespace: 'AWS/SES', MetricName: 'Reputation.ComplaintRate', Dimensions: [] },
  { Namespace: 'AWS/SES', MetricName: 'Reputation.BounceRate', Dimensions: [{ Name: 'ses:configuration-set', Value: CONFIG_SET }] },
  { Namespace: 'AWS/SES', MetricName: 'Reputation.ComplaintRate', Dimensions: [{ Name: 'ses:configuration-set', Value: CONFIG_SET }] },
];

/** The table's line for a check: `<check>  pass|FAIL  <detail>`, and the fix line under it. */
function rowOf(stdout: string, check: string): { line: string; fix: string | undefined } {
  const lines = stdout.split('\n');
  const index = lines.findIndex((line) => line.startsWith(`${check} `));
  if (index < 0) throw new Error(`no row "${check}" in:\n${stdout}`);
  const next = lines[index + 1] ?? '';
  return { line: lines[index] as string, fix: next.trimStart().startsWith('fix:') ? next.trim() : undefined };
}

describe('Command: smoke-test', () => {
  const dynamoEndpoint = inject('dynamoEndpoint');
  const authority = createSigningAuthority();
  let trust: { restore(): void };
  let cloudFormation: CloudFormationStub;
  let cloudWatch: CloudWatchStub;
  let ses: SesStub;
  let sqs: SqsStub;
  let tableName: string;
  /** What the SES stand-in does with a mail to the simulator: run it through the real handler, and count it on the topic. */
  const behaviour = { deliver: true, countOnTopic: true, refuse: false };

  beforeAll(async () => {
    // The handler verifies every envelope's signature: it must trust this run's signing certificate.
    trust = trustCertificate(authority.certUrl, authority.certificatePem);
    cloudFormation = await startCloudFormationStub();
  });
  afterAll(async () => {
    trust.restore();
    await cloudFormation.close();
  });

  beforeEach(async () => {
    behaviour.deliver = true;
    behaviour.countOnTopic = true;
    behaviour.refuse = false;
    tableName = await createSuppressionTable();
    // Per test: a datapoint of one test's sends must not count for the next.
    cloudWatch = await startCloudWatchStub();
    const handler = createHandler({
      store: new SuppressionStore({ tableName, client: localDocumentClient() }),
      topicArn: TOPIC_ARN,
      configurationSetName: CONFIG_SET,
      deployment: 'Test/Guard',
    });
    ses = await startSesStub([], {
      onSendEmail: async (body) => {
        if (behaviour.refuse) throw new Error('Email address is not verified');
        // SES tags events with the configuration set the mail was sent through; without it, no event.
        if (!behaviour.deliver || body.ConfigurationSetName !== CONFIG_SET) return;
        const to = (body.Destination as { ToAddresses: string[] }).ToAddresses[0] as string;
        const event = to === BOUNCE ? sesBounce([to]) : to === COMPLAINT ? sesComplaint([to], { feedbackType: 'abuse' }) : undefined;
        if (event === undefined) return;
        if (behaviour.countOnTopic) cloudWatch.publish(TOPIC_NAME, 1);
        await handler(snsEvent(authority.sign(snsEnvelope(event))));
      },
    });
    sqs = await startSqsStub();
    cloudFormation.setStack(STACK, {
      TableName: tableName,
      ConfigurationSetName: CONFIG_SET,
      TopicArn: TOPIC_ARN,
      ProcessingDeadLetterQueueUrl: sqs.queueUrl('processing-dlq'),
      DeliveryDeadLetterQueueUrl: sqs.queueUrl('delivery-dlq'),
      AlarmTopicArn: 'arn:aws:sns:us-east-1:123456789012:alarms',
    });
    cloudWatch.metrics = [
      ...ALL_REPUTATION_METRICS,
      // Same name, other identities: must not stand in for the ones the alarms watch.
      { Namespace: 'AWS/SES', MetricName: 'Reputation.BounceRate', Dimensions: [{ Name: 'ses:configuration-set', Value: 'other-set' }] },
    ];
  });
  afterEach(async () => {
    await ses.close();
    await sqs.close();
    await cloudWatch.close();
  });

  const run = (...extra: string[]) =>
    runCli([
      'smoke-test',
      '--stack',
      STACK,
      '--from',
      'sender@example.com',
      '--actor',
      'ops',
      '--endpoint',
      dynamoEndpoint,
      '--ses-endpoint',
      ses.endpoint,
      '--sqs-endpoint',
      sqs.endpoint,
      '--cloudformation-endpoint',
      cloudFormation.endpoint,
      '--cloudwatch-endpoint',
      cloudWatch.endpoint,
      ...extra,
    ]);

  it('passes every check on a working pipeline, then removes both simulator items with an audit record each', async () => {
    // Act
    const { code, stdout, stderr } = await run('--timeout', '5');

    // Assess
    expect(code, stderr).toBe(ExitCode.OK);
    for (const check of [
      'topic published',
      'bounce recorded',
      'complaint recorded',
      'ProcessingDeadLetterQueueUrl empty',
      'DeliveryDeadLetterQueueUrl empty',
      'Reputation.BounceRate (account)',
      'Reputation.ComplaintRate (account)',
      `Reputation.BounceRate (configuration set ${CONFIG_SET})`,
      `Reputation.ComplaintRate (configuration set ${CONFIG_SET})`,
    ]) {
      expect(rowOf(stdout, check).line, check).toMatch(/ {2}pass {2}/);
    }
    expect(stdout).toContain('all 9 checks passed');
    expect(rowOf(stdout, 'topic published').line).toContain('NumberOfMessagesPublished 2');
    expect(
      ses.sentEmails().map((mail) => [mail.FromEmailAddress, (mail.Destination as { ToAddresses: string[] }).ToAddresses, mail.ConfigurationSetName]),
    ).toEqual([
      ['sender@example.com', [BOUNCE], CONFIG_SET],
      ['sender@example.com', [COMPLAINT], CONFIG_SET],
    ]);
    const items = await scanAll(tableName);
    // A removal leaves a release marker (key and releasedAt), never a record.
    expect(items.filter((item) => item.status !== undefined).filter((item) => item.email === BOUNCE || item.email === COMPLAINT)).toEqual([]);
    const audits = items.filter((item) => item.auditAction === 'remove');
    expect(audits.map((item) => [item.auditAddress, item.auditActor, item.auditNote]).sort()).toEqual([
      [BOUNCE, 'ops', 'post-deploy smoke test'],
      [COMPLAINT, 'ops', 'post-deploy smoke test'],
    ]);
    for (const audit of audits) expect(stdout).toContain(`audit record ${String(audit.email)}`);
    expect(stderr).toMatch(/bounce recorded, complaint recorded, topic published 2/);
  });

  it('reports both items missing and the topic silent when SES drops the mails, with the fix for each, within the timeout', async () => {
    // Prepare
    behaviour.deliver = false;

    // Act
    const started = Date.now();
    const { code, stdout, stderr } = await run('--timeout', '1');

    // Assess
    expect(code).toBe(ExitCode.FAILED);
    expect(Date.now() - started).toBeLessThan(15_000);
    for (const check of ['bounce recorded', 'complaint recorded']) {
      const row = rowOf(stdout, check);
      expect(row.line).toContain('FAIL  not in the table before the wait ran out');
      expect(row.fix).toBe('fix:  Nothing reached the topic: fix the "topic published" row first.');
    }
    const topic = rowOf(stdout, 'topic published');
    expect(topic.line).toContain('FAIL  NumberOfMessagesPublished 0');
    expect(topic.fix).toContain('the topic key policy (kms:GenerateDataKey*, kms:Decrypt for ses.amazonaws.com)');
    expect(stdout).toContain('3 of 9 checks FAILED');
    expect(stderr).toMatch(/bounce waiting, complaint waiting, topic published 0; \d+ s left/);
    expect(await scanAll(tableName)).toEqual([]);
  });

  it('fails the row of a dead-letter queue that holds messages, and leaves them there', async () => {
    // Prepare
    sqs.seed('processing-dlq', ['{"an":"event"}', '{"another":"event"}']);

    // Act
    const { code, stdout } = await run('--timeout', '5');

    // Assess
    expect(code).toBe(ExitCode.FAILED);
    const row = rowOf(stdout, 'ProcessingDeadLetterQueueUrl empty');
    expect(row.line).toContain('FAIL  2 message(s)');
    expect(row.fix).toContain('`npx ses-bounce-guard redrive`');
    expect(rowOf(stdout, 'DeliveryDeadLetterQueueUrl empty').line).toMatch(/ {2}pass {2}0 message\(s\)/);
    expect(stdout).toContain('1 of 9 checks FAILED');
    expect(sqs.messages('processing-dlq').map((m) => m.Body)).toEqual(['{"an":"event"}', '{"another":"event"}']);
  });

  it('fails "topic published" when the topic counted nothing, even though the items arrived', async () => {
    // Prepare
    behaviour.countOnTopic = false;

    // Act
    const { code, stdout } = await run('--timeout', '1');

    // Assess
    expect(code).toBe(ExitCode.FAILED);
    const row = rowOf(stdout, 'topic published');
    expect(row.line).toContain('FAIL  NumberOfMessagesPublished 0');
    expect(row.fix).toContain("check the configuration set's event destination");
    expect(rowOf(stdout, 'bounce recorded').line).toContain('pass  simulator address suppressed, reason bounce');
    expect(rowOf(stdout, 'complaint recorded').line).toContain('pass  simulator address suppressed, reason complaint');
    const request = cloudWatch.requests.find((r) => r.operation === 'GetMetricStatistics');
    expect(request?.body).toMatchObject({
      Namespace: 'AWS/SNS',
      MetricName: 'NumberOfMessagesPublished',
      Dimensions: [{ Name: 'TopicName', Value: TOPIC_NAME }],
      Statistics: ['Sum'],
    });
  });

  it('fails each reputation metric that is missing or has other dimensions than the alarms use', async () => {
    // Prepare: the account's rates exist; the set's only under a wrong dimension name.
    cloudWatch.metrics = [
      ALL_REPUTATION_METRICS[0] as StubMetric,
      ALL_REPUTATION_METRICS[1] as StubMetric,
      { Namespace: 'AWS/SES', MetricName: 'Reputation.BounceRate', Dimensions: [{ Name: 'ConfigurationSet', Value: CONFIG_SET }] },
    ];

    // Act
    const { code, stdout } = await run('--timeout', '5');

    // Assess
    expect(code).toBe(ExitCode.FAILED);
    for (const name of ['Reputation.BounceRate', 'Reputation.ComplaintRate']) {
      const row = rowOf(stdout, `${name} (configuration set ${CONFIG_SET})`);
      expect(row.line).toContain(`FAIL  no AWS/SES metric with ses:configuration-set=${CONFIG_SET}`);
      expect(row.fix).toContain("Turn on the configuration set's reputation metrics");
      expect(rowOf(stdout, `${name} (account)`).line).toContain('pass  AWS/SES metric exists');
    }
    expect(stdout).toContain('2 of 9 checks FAILED');
  });

  it('fails the account rows with their own fix when SES has published no rate yet', async () => {
    // Prepare
    cloudWatch.metrics = [];

    // Act
    const { code, stdout } = await run('--timeout', '5');

    // Assess
    expect(code).toBe(ExitCode.FAILED);
    const row = rowOf(stdout, 'Reputation.BounceRate (account)');
    expect(row.line).toContain('FAIL  no AWS/SES metric with no dimension');
    expect(row.fix).toContain('run the smoke test again in a few minutes');
    expect(stdout).toContain('4 of 9 checks FAILED');
  });

  it("with application events, fails when the change-events mapping reads an old stream of the table, and passes on the table's current one", async () => {
    // Prepare: a table with a stream, and the change-events function's mapping on a stream the table no longer has
    const streamed = await createStreamedSuppressionTable();
    const { Table: table } = await localDocumentClient().send(new DescribeTableCommand({ TableName: streamed }));
    const current = table?.LatestStreamArn as string;
    const old = `arn:aws:dynamodb:us-east-1:000000000000:table/${streamed}/stream/2020-01-01T00:00:00.000`;
    const lambda = await startLambdaStub('change-events');
    cloudFormation.setStack(STACK, {
      TableName: streamed,
      ConfigurationSetName: CONFIG_SET,
      TopicArn: TOPIC_ARN,
      ProcessingDeadLetterQueueUrl: sqs.queueUrl('processing-dlq'),
      DeliveryDeadLetterQueueUrl: sqs.queueUrl('delivery-dlq'),
      AlarmTopicArn: 'arn:aws:sns:us-east-1:123456789012:alarms',
      ChangeEventsFunctionName: 'change-events',
    });
    lambda.eventSourceArns = [old];

    try {
      // Act
      const stale = await run('--timeout', '5', '--lambda-endpoint', lambda.endpoint);
      lambda.eventSourceArns = [current];
      const fresh = await run('--timeout', '5', '--lambda-endpoint', lambda.endpoint);

      // Assess
      expect(stale.code).toBe(ExitCode.FAILED);
      const row = rowOf(stale.stdout, 'change events read the current stream');
      expect(row.line).toContain(`FAIL  table stream ${current}; mapping reads ${old}`);
      expect(row.fix).toContain('deploy the stack again');
      // (The simulator items went to the other table, so those rows fail here: only this row is the point.)
      expect(rowOf(fresh.stdout, 'change events read the current stream').line).toMatch(/ {2}pass {2}/);
      expect(fresh.stdout).toContain('of 10 checks FAILED');
    } finally {
      await lambda.close();
    }
  });

  it("removes a simulator item left by an earlier run before sending, audited, so that it cannot pass for this run's", async () => {
    // Prepare: an earlier run's bounce item, still there; this time SES drops the mails.
    const added = await runCli(['add', '--default-policy', BOUNCE, '--reason', 'bounce', '--table', tableName, '--endpoint', dynamoEndpoint]);
    expect(added.code, added.stderr).toBe(ExitCode.OK);
    behaviour.deliver = false;

    // Act
    const { code, stdout } = await run('--timeout', '1');

    // Assess
    expect(code).toBe(ExitCode.FAILED);
    expect(rowOf(stdout, 'bounce recorded').line).toContain('FAIL  not in the table before the wait ran out');
    expect(stdout).toMatch(new RegExp(`removed ${BOUNCE} \\(left by an earlier run\\), audit record \\S+`));
    const items = await scanAll(tableName);
    expect(items.filter((item) => item.email === BOUNCE && item.status !== undefined)).toEqual([]);
    expect(items.filter((item) => item.auditAction === 'remove').map((item) => item.auditAddress)).toEqual([BOUNCE]);
  });

  it('--json prints the report: the stack outputs, every row, and the audit keys of the clean-up', async () => {
    // Act
    const { code, stdout } = await run('--timeout', '5', '--json');

    // Assess
    expect(code).toBe(ExitCode.OK);
    const report = JSON.parse(stdout) as {
      passed: boolean;
      outputs: Record<string, string>;
      rows: { check: string; passed: boolean }[];
      cleaned: { email: string; auditKey: string; when: string }[];
    };
    expect(report.passed).toBe(true);
    expect(report.outputs).toMatchObject({ TableName: tableName, ConfigurationSetName: CONFIG_SET, TopicArn: TOPIC_ARN });
    expect(report.rows).toHaveLength(9);
    expect(report.cleaned.map((item) => [item.email, item.when])).toEqual([
      [BOUNCE, 'after'],
      [COMPLAINT, 'after'],
    ]);
    const auditKeys = (await scanAll(tableName)).filter((item) => item.auditAction === 'remove').map((item) => item.email);
    expect(report.cleaned.map((item) => item.auditKey).sort()).toEqual([...auditKeys].sort());
  });

  it('--help names every option, the permissions it needs and its exit codes', async () => {
    // Act
    const { code, stdout } = await runCli(['smoke-test', '--help']);

    // Assess
    expect(code).toBe(ExitCode.OK);
    for (const option of [
      '--stack',
      '--from',
      '--timeout',
      '--actor',
      '--region',
      '--endpoint',
      '--ses-endpoint',
      '--sqs-endpoint',
      '--cloudformation-endpoint',
      '--cloudwatch-endpoint',
    ]) {
      expect(stdout).toContain(option);
    }
    expect(stdout).toContain('ses:SendEmail');
    expect(stdout).toContain('Exit code 0: every check passed');
  });

  describe('bad input', () => {
    it('a stack that does not exist: a clear error, no mail sent, nothing written', async () => {
      // Act
      const { code, stderr } = await run('--stack', 'NoSuchStack');

      // Assess
      expect(code).toBe(ExitCode.FAILED);
      expect(stderr).toContain('DescribeStacks for stack "NoSuchStack" failed');
      expect(stderr).toContain('does not exist');
      expect(ses.sentEmails()).toEqual([]);
      expect(await scanAll(tableName)).toEqual([]);
    });

    it('SES refusing the mail (an unverified --from): a clear error naming the fix, nothing recorded', async () => {
      // Prepare
      behaviour.refuse = true;

      // Act
      const { code, stderr } = await run('--timeout', '1');

      // Assess
      expect(code).toBe(ExitCode.FAILED);
      expect(stderr).toContain(`SES refused the mail to ${BOUNCE} from sender@example.com`);
      expect(stderr).toContain('is sender@example.com a verified identity, and is ses:SendEmail allowed?');
      expect(await scanAll(tableName)).toEqual([]);
    });

    it('a stack without the outputs: names them, sends nothing', async () => {
      // Prepare
      cloudFormation.setStack('Other', { TableName: tableName, TopicArn: TOPIC_ARN });

      // Act
      const { code, stderr } = await run('--stack', 'Other');

      // Assess
      expect(code).toBe(ExitCode.FAILED);
      expect(stderr).toContain('stack "Other" has no output ConfigurationSetName, ProcessingDeadLetterQueueUrl, DeliveryDeadLetterQueueUrl');
      expect(ses.sentEmails()).toEqual([]);
    });

    it("a construct's outputs: found with --guard <prefix>; without it, the error names the --guard to pass and nothing is sent", async () => {
      // Prepare: the keys a SesBounceGuard with `outputs: true` and id BounceGuard emits.
      cloudFormation.setStack('MailStack', {
        AppOwnOutput: 'x',
        BounceGuardTableName: tableName,
        BounceGuardConfigurationSetName: CONFIG_SET,
        BounceGuardTopicArn: TOPIC_ARN,
        BounceGuardProcessingDeadLetterQueueUrl: sqs.queueUrl('processing-dlq'),
        BounceGuardDeliveryDeadLetterQueueUrl: sqs.queueUrl('delivery-dlq'),
      });

      // Act
      const bare = await run('--stack', 'MailStack');
      const sentBare = ses.sentEmails().length;
      const guarded = await run('--stack', 'MailStack', '--guard', 'BounceGuard', '--timeout', '5');

      // Assess
      expect(bare.code).toBe(ExitCode.FAILED);
      expect(bare.stderr).toContain('stack "MailStack" has no output TableName, ConfigurationSetName, TopicArn');
      expect(bare.stderr).toContain("the stack has a guard's outputs with --guard BounceGuard");
      expect(sentBare).toBe(0);
      expect(guarded.code, guarded.stderr).toBe(ExitCode.OK);
      expect(guarded.stdout).toContain('smoke test of stack MailStack, guard BounceGuard');
      expect(guarded.stdout).toContain('all 9 checks passed');
    });

    it.each([
      [['--from', ''], '--from <verified address> is required'],
      [['--timeout', '0'], '--timeout must be a positive integer'],
      [['--cloudwatch-endpoint', 'nope'], '--cloudwatch-endpoint must be an http(s) URL'],
      [['extra'], 'smoke-test takes no arguments'],
    ])('%j: a usage error, nothing sent', async (extra, message) => {
      // Act
      const { code, stderr } = await run(...extra);

      // Assess
      expect(code).toBe(ExitCode.USAGE);
      expect(stderr).toContain(message);
      expect(ses.sentEmails()).toEqual([]);
    });

    it('without --stack: a usage error', async () => {
      // Act
      const { code, stderr } = await runCli(['smoke-test', '--from', 'sender@example.com']);

      // Assess
      expect(code).toBe(ExitCode.USAGE);
      expect(stderr).toContain('--stack <name> is required');
    });
  });
});
