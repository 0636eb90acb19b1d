import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryMode } from '../../lib/constructs/constants';
import { attachNagPacks } from '../../lib/nag/attachNagPacks';
import type { SesBounceGuardProps } from '../../lib/SesBounceGuard';
import { SesBounceGuardStack } from '../../lib/SesBounceGuardStack';
import { GuardResourceType } from '../../src/customResources/resourceTypes';
import { getAtt, guardResources, logicalIdOf, ref } from '../helpers/cdk';

type PluginReport = {
  pluginName: string;
  conclusion: string;
  violations: unknown[];
  suppressedViolations?: { ruleName: string; reason: string; acknowledgedId: string }[];
};

const outdirs: string[] = [];

/** Synthesizes the stack in an app with the cdk-nag packs attached, as `bin/app.ts` does. */
function synthWithNag(props: SesBounceGuardProps = {}, extend?: (stack: Stack) => void) {
  const outdir = mkdtempSync(join(tmpdir(), 'bounce-guard-synth-'));
  outdirs.push(outdir);
  const app = new App({ outdir });
  const stack = new SesBounceGuardStack(app, 'SesBounceGuard', { guard: props });
  extend?.(stack);
  attachNagPacks(app);
  const synth = () => app.synth();
  return { app, stack, outdir, synth };
}

function validationReport(outdir: string): PluginReport[] {
  return (JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as { pluginReports: PluginReport[] }).pluginReports;
}

describe('Class: SesBounceGuardStack', () => {
  let stack: SesBounceGuardStack;
  let template: Template;
  let outdir: string;

  beforeAll(() => {
    const built = synthWithNag();
    built.synth();
    ({ stack, outdir } = built);
    template = Template.fromStack(stack);
  });

  afterAll(() => {
    for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
  });

  it('outputs the topic ARN, table name, configuration set name, both dead-letter queue URLs, the handler name and the alarm topic ARN', () => {
    // Assess
    const outputs = template.findOutputs('*');
    expect(outputs).toEqual({
      TopicArn: expect.objectContaining({ Value: ref(stack.guard.eventPipeline.topic) }),
      TableName: expect.objectContaining({ Value: ref(stack.guard.table) }),
      ConfigurationSetName: expect.objectContaining({ Value: ref(stack.guard.eventPipeline.configurationSet) }),
      ProcessingDeadLetterQueueUrl: expect.objectContaining({ Value: ref(stack.guard.bounceHandler!.processingDeadLetterQueue) }),
      DeliveryDeadLetterQueueUrl: expect.objectContaining({ Value: ref(stack.guard.bounceHandler!.deliveryDeadLetterQueue) }),
      AlarmTopicArn: expect.objectContaining({ Value: ref(stack.guard.monitoring.alarmTopic.topic) }),
      SenderPolicyArn: expect.objectContaining({ Value: ref(stack.senderPolicy) }),
      EventBusName: expect.objectContaining({ Value: ref(stack.guard.applicationEvents!.eventBus) }),
      ChangeEventsFunctionName: expect.objectContaining({ Value: ref(stack.guard.applicationEvents!.function) }),
      HandlerFunctionName: expect.objectContaining({ Value: ref(stack.guard.bounceHandler!.function) }),
    });
    expect(outputs.ProcessingDeadLetterQueueUrl?.Description).toContain('redrive --function');
  });

  it("keeps the table name every earlier version gave the standalone stack, whatever the construct's default", () => {
    // Prepare: with a stack name of its own, as `-c stackName=...` sets it.
    const named = new SesBounceGuardStack(new App(), 'SesBounceGuard', { stackName: 'Mail-Test' });

    // Assess: the names deployments of this stack have today; a new one would be a new, empty table.
    template.hasResourceProperties('AWS::DynamoDB::Table', { TableName: 'SesBounceGuard-SuppressionTable-5FED48AA' });
    Template.fromStack(named).hasResourceProperties('AWS::DynamoDB::Table', { TableName: 'MailTest-Guard-SuppressionTable-9B0106EC' });
  });

  it('outputs a managed policy that lets a sender check addresses, and nothing more', () => {
    // Assess
    const policies = template.findResources('AWS::IAM::ManagedPolicy');
    expect(policies[logicalIdOf(stack.senderPolicy)]?.Properties.PolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: ['dynamodb:BatchGetItem', 'dynamodb:GetItem'],
        Resource: [getAtt(stack.guard.table, 'Arn')],
      },
    ]);
  });

  it('in queue mode, also outputs the queue URL and passes the policy, nag-clean', () => {
    // Prepare
    const built = synthWithNag({
      deliveryMode: DeliveryMode.QUEUE,
      policy: { softBounceThreshold: 5, softBounceWindowDays: 10, dsnOverride: true, softRecordTtlDays: 60 },
    });

    // Act
    built.synth();
    const queued = Template.fromStack(built.stack);

    // Assess
    const handler = built.stack.guard.bounceHandler!;
    const outputs = queued.findOutputs('*');
    expect(Object.keys(outputs).sort()).toEqual(
      [
        'AlarmTopicArn',
        'ChangeEventsFunctionName',
        'ConfigurationSetName',
        'DeliveryDeadLetterQueueUrl',
        'EventBusName',
        'HandlerFunctionName',
        'ProcessingDeadLetterQueueUrl',
        'QueueUrl',
        'SenderPolicyArn',
        'TableName',
        'TopicArn',
      ].sort(),
    );
    expect(outputs.QueueUrl?.Value).toEqual(ref(handler.queue!));
    expect(outputs.ProcessingDeadLetterQueueUrl?.Value).toEqual(ref(handler.processingDeadLetterQueue));
    expect(outputs.ProcessingDeadLetterQueueUrl?.Description).toContain('redrive --target');
    queued.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionResponseTypes: ['ReportBatchItemFailures'] });
    // The queue is watched too: the age of its oldest message.
    expect(built.stack.guard.monitoring.pipelineAlarms).toHaveProperty('QueueOldestMessageAge');
    queued.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ SOFT_BOUNCE_THRESHOLD: '5', SOFT_BOUNCE_WINDOW_DAYS: '10', DSN_OVERRIDE: 'true', SOFT_RECORD_TTL_DAYS: '60' }),
      },
    });
    for (const report of validationReport(built.outdir)) {
      expect(report.violations).toEqual([]);
      expect(report.conclusion).toBe('success');
    }
  });

  it('watches the handler, both dead-letter queues and the configuration set, with no email subscription by default', () => {
    // Assess
    const { pipelineAlarms, reputationAlarms } = stack.guard.monitoring;
    const dimensionsOf = (alarm: IConstruct) => template.toJSON().Resources[logicalIdOf(alarm)].Properties.Dimensions as unknown;
    expect(dimensionsOf(pipelineAlarms.HandlerErrors!)).toEqual([{ Name: 'FunctionName', Value: ref(stack.guard.bounceHandler!.function) }]);
    expect(dimensionsOf(pipelineAlarms.ProcessingDeadLetterQueue!)).toEqual([
      { Name: 'QueueName', Value: getAtt(stack.guard.bounceHandler!.processingDeadLetterQueue, 'QueueName') },
    ]);
    expect(dimensionsOf(pipelineAlarms.DeliveryDeadLetterQueue!)).toEqual([
      { Name: 'QueueName', Value: getAtt(stack.guard.bounceHandler!.deliveryDeadLetterQueue, 'QueueName') },
    ]);
    expect(dimensionsOf(reputationAlarms.ConfigurationSetBounceRateWarning!)).toEqual([{ Name: 'ses:configuration-set', Value: 'txn-mail' }]);
    expect(pipelineAlarms.QueueOldestMessageAge).toBeUndefined();
    // 14 of the pipeline and reputation, 1 on the change-events on-failure queue, 1 on the
    // sending-status rule's dead-letter queue
    template.resourceCountIs('AWS::CloudWatch::Alarm', 14 + 1 + 1);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.resourceCountIs('AWS::SNS::Subscription', 1);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda' });
  });

  it('passes the reputation thresholds and the alarm email on, nag-clean', () => {
    // Prepare
    const built = synthWithNag({
      configurationSetProps: { configurationSetName: 'orders' },
      reputationThresholds: { bounceRateWarning: 0.01, complaintRateCritical: 0.001 },
      alarmEmail: 'ops@example.com',
    });

    // Act
    built.synth();
    const monitored = Template.fromStack(built.stack);

    // Assess
    const alarms = monitored.findResources('AWS::CloudWatch::Alarm');
    const threshold = (id: string) => alarms[logicalIdOf(built.stack.guard.monitoring.reputationAlarms[id]!)]?.Properties.Threshold;
    expect(threshold('AccountBounceRateWarning')).toBe(0.01);
    expect(threshold('ConfigurationSetBounceRateWarning')).toBe(0.01);
    expect(threshold('AccountBounceRateCritical')).toBe(0.04);
    expect(threshold('ConfigurationSetComplaintRateCritical')).toBe(0.001);
    monitored.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Reputation.BounceRate',
      Dimensions: [{ Name: 'ses:configuration-set', Value: 'orders' }],
    });
    monitored.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: ref(built.stack.guard.monitoring.alarmTopic.topic),
    });
    for (const report of validationReport(built.outdir)) expect(report.violations).toEqual([]);
  });

  it('names the configuration set txn-mail by default', () => {
    // Assess
    template.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'txn-mail' });
  });

  it('turns account-level suppression on by default, and sets no identity default', () => {
    // Assess
    expect(stack.guard.accountSuppression).toBeDefined();
    expect(stack.guard.identityDefaults).toHaveLength(0);
    template.resourceCountIs('Custom::AWS', 0);
    expect(guardResources(template, GuardResourceType.ACCOUNT_SUPPRESSION)).toEqual([expect.objectContaining({ SuppressedReasons: ['BOUNCE', 'COMPLAINT'] })]);
    template.resourceCountIs(GuardResourceType.IDENTITY_DEFAULT, 0);
  });

  it('passes no finding of the AwsSolutions and Serverless packs without an acknowledgment and its reason', () => {
    // Act
    const reports = validationReport(outdir);

    // Assess
    expect(reports.map((r) => r.pluginName).sort()).toEqual(['AwsSolutions', 'Serverless', 'cdk-validator-cfnguard']);
    for (const report of reports) {
      expect(report.violations).toEqual([]);
      expect(report.conclusion).toBe('success');
      for (const acknowledged of report.suppressedViolations ?? []) expect(acknowledged.reason.length).toBeGreaterThan(30);
    }
  });

  it('fails synth on a finding nobody acknowledged', () => {
    // Prepare
    const { synth } = synthWithNag({}, (s) => new Queue(s, 'UnprotectedQueue'));

    // Act & Assess
    expect(synth).toThrow(/AwsSolutions-SQS3[\s\S]*UnprotectedQueue/);
  });

  it('fails synth on a warning-level finding nobody acknowledged', () => {
    // Prepare: a function with every finding acknowledged but the one for a warning (no tracing)
    const outdir = mkdtempSync(join(tmpdir(), 'bounce-guard-synth-'));
    outdirs.push(outdir);
    const app = new App({ outdir });
    const bare = new Stack(app, 'Bare');
    const fn = new LambdaFunction(bare, 'Untraced', {
      runtime: Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: Code.fromInline('exports.handler = async () => {};'),
    });
    for (const id of [
      'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'AwsSolutions::AwsSolutions-L1',
      'Serverless::Serverless-LambdaLatestVersion',
      'Serverless::Serverless-LambdaDLQ',
      'Serverless::Serverless-LambdaDefaultMemorySize',
      'cdk-validator-cfnguard::lambda_inside_vpc_check',
    ])
      Validations.of(fn).acknowledge({ id, reason: 'acknowledged for this test' });
    attachNagPacks(app);

    // Act & Assess
    expect(() => app.synth()).toThrow(/Serverless-LambdaTracing/);
  });

  it('leaves account-level suppression alone when told to', () => {
    // Prepare
    const built = synthWithNag({ accountSuppression: false });

    // Act
    built.synth();
    const withoutSuppression = Template.fromStack(built.stack);

    // Assess
    expect(built.stack.guard.accountSuppression).toBeUndefined();
    withoutSuppression.resourceCountIs(GuardResourceType.ACCOUNT_SUPPRESSION, 0);
    // The bounce handler and the change-events function: no custom-resource provider.
    withoutSuppression.resourceCountIs('AWS::Lambda::Function', 2);
  });

  it('makes the configuration set the default of each listed identity, nag-clean', () => {
    // Prepare
    const built = synthWithNag({
      accountSuppression: false,
      identities: ['example.com', 'noreply@example.org'],
      configurationSetProps: { configurationSetName: 'orders' },
    });

    // Act
    built.synth();
    const withIdentities = Template.fromStack(built.stack);

    // Assess
    const configurationSet = ref(built.stack.guard.eventPipeline.configurationSet);
    expect(guardResources(withIdentities, GuardResourceType.IDENTITY_DEFAULT)).toEqual(
      ['example.com', 'noreply@example.org'].map((identity) =>
        expect.objectContaining({ Identity: identity, ConfigurationSetName: configurationSet, Force: 'false' }),
      ),
    );
    withIdentities.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'orders' });
    for (const report of validationReport(built.outdir)) expect(report.violations).toEqual([]);
  });
});

describe('Class: SesBounceGuardStack, outputs for an external receiver', () => {
  const outputsOf = (guard: SesBounceGuardProps) => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new SesBounceGuardStack(app, 'SesBounceGuard', { guard: { ...guard, applicationEvents: { enabled: false } } });
    return { stack, outputs: Template.fromStack(stack).toJSON().Outputs as Record<string, { Value: unknown; Description: string }> };
  };

  it('names the HTTPS endpoint and its dead-letter queue, and no queue or function', () => {
    // Act
    const { stack, outputs } = outputsOf({ subscriber: { kind: 'https', url: 'https://mail.example.com/sns' } });

    // Assess
    expect(outputs.SubscriberUrl).toEqual({
      Value: 'https://mail.example.com/sns',
      Description: 'The HTTPS endpoint subscribed to the topic (it confirms the subscription)',
    });
    expect(outputs.DeliveryDeadLetterQueueUrl).toEqual({
      Value: ref(stack.guard.externalReceiver!.deliveryDeadLetterQueue),
      Description: 'Events SNS could not deliver to the HTTPS endpoint within its retries',
    });
    expect(outputs.QueueUrl).toBeUndefined();
    expect(outputs.ProcessingDeadLetterQueueUrl).toBeUndefined();
  });

  it("names the worker's queue and its dead-letter queues", () => {
    // Act
    const { stack, outputs } = outputsOf({ deliveryMode: DeliveryMode.QUEUE, queueOptions: { consumer: 'external' } });

    // Assess
    const receiver = stack.guard.externalReceiver!;
    expect(outputs.QueueUrl).toEqual({ Value: ref(receiver.queue!), Description: 'The queue your worker polls (worker --queue-url)' });
    expect(outputs.ProcessingDeadLetterQueueUrl?.Value).toEqual(ref(receiver.processingDeadLetterQueue!));
    expect(outputs.DeliveryDeadLetterQueueUrl?.Value).toEqual(ref(receiver.deliveryDeadLetterQueue));
    expect(outputs.SubscriberUrl).toBeUndefined();
  });
});
