import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Table } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREAM_MAX_RECORD_AGE, STREAM_RETRY_ATTEMPTS } from '../../../lib/constructs/ApplicationEvents';
import { attachNagPacks } from '../../../lib/nag/attachNagPacks';
import { SesBounceGuard, type SesBounceGuardProps } from '../../../lib/SesBounceGuard';
import { SesBounceGuardStack } from '../../../lib/SesBounceGuardStack';
import { InvalidPropsError } from '../../../lib/validation/InvalidPropsError';
import { getAtt, logicalIdOf, ref, renderJoin } from '../../helpers/cdk';

type PluginReport = { pluginName: string; conclusion: string; violations: unknown[] };

const outdirs: string[] = [];

/** Synthesizes the standalone stack with the cdk-nag packs attached, as `bin/app.ts` does. */
function synthWithNag(props: SesBounceGuardProps) {
  const outdir = mkdtempSync(join(tmpdir(), 'bounce-guard-events-'));
  outdirs.push(outdir);
  const app = new App({ outdir });
  const stack = new SesBounceGuardStack(app, 'SesBounceGuard', { guard: props });
  attachNagPacks(app);
  app.synth();
  const reports = (JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as { pluginReports: PluginReport[] }).pluginReports;
  return { stack, template: Template.fromStack(stack), reports };
}

/** A guard in a bare stack, for props that must be refused: returns the error and the stack. */
function refused(props: (stack: Stack) => SesBounceGuardProps) {
  const stack = new Stack(new App(), 'Refused');
  let error: unknown;
  try {
    new SesBounceGuard(stack, 'Guard', props(stack));
  } catch (caught) {
    error = caught;
  }
  return { error, stack };
}

describe('Class: ApplicationEvents', () => {
  afterAll(() => {
    for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
  });

  describe('by default', () => {
    let built: ReturnType<typeof synthWithNag>;

    beforeAll(() => {
      built = synthWithNag({});
    });

    it('streams the table with new and old images', () => {
      // Assess
      built.template.hasResourceProperties('AWS::DynamoDB::Table', { StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' } });
    });

    it('reads the stream with bisection, bounded retries and age, partial batch responses and an on-failure queue', () => {
      // Assess
      const events = built.stack.guard.applicationEvents!;
      built.template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
      built.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: getAtt(built.stack.guard.table, 'StreamArn'),
        FunctionName: ref(events.function),
        StartingPosition: 'TRIM_HORIZON',
        ParallelizationFactor: 1,
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: STREAM_RETRY_ATTEMPTS,
        MaximumRecordAgeInSeconds: STREAM_MAX_RECORD_AGE.toSeconds(),
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        DestinationConfig: { OnFailure: { Destination: getAtt(events.onFailureQueue, 'Arn') } },
      });
      expect(STREAM_RETRY_ATTEMPTS).toBe(10);
      expect(STREAM_MAX_RECORD_AGE.toHours()).toBe(6);
    });

    it('keeps the on-failure queue 14 days, encrypted and retained', () => {
      // Assess
      const queue = built.template.toJSON().Resources[logicalIdOf(built.stack.guard.applicationEvents!.onFailureQueue)];
      expect(queue).toMatchObject({ DeletionPolicy: 'Retain', Properties: { MessageRetentionPeriod: 14 * 24 * 3600, SqsManagedSseEnabled: true } });
    });

    it('creates a bus, and lets the function put events on it and nowhere else', () => {
      // Assess
      const events = built.stack.guard.applicationEvents!;
      built.template.resourceCountIs('AWS::Events::EventBus', 1);
      expect(built.stack.guard.eventBus).toBe(events.eventBus);
      built.template.hasResourceProperties('AWS::Lambda::Function', {
        Handler: 'index.handler',
        Environment: { Variables: { EVENT_BUS_NAME: ref(events.eventBus), SOFT_RECORD_EVENTS: 'false' } },
      });
      built.template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: { Statement: Match.arrayWith([{ Effect: 'Allow', Action: 'events:PutEvents', Resource: getAtt(events.eventBus, 'Arn') }]) },
      });
    });

    it('alarms on the on-failure queue and shows it on the dashboard', () => {
      // Assess
      const alarm = built.stack.guard.monitoring.pipelineAlarms.ChangeEventsOnFailureQueue;
      expect(alarm).toBeDefined();
      expect(built.template.toJSON().Resources[logicalIdOf(alarm!)].Properties.Dimensions).toEqual([
        { Name: 'QueueName', Value: getAtt(built.stack.guard.applicationEvents!.onFailureQueue, 'QueueName') },
      ]);
      const body = renderJoin(built.template.toJSON().Resources[logicalIdOf(built.stack.guard.monitoring.dashboard)].Properties.DashboardBody);
      expect(body).toContain(`<${logicalIdOf(built.stack.guard.applicationEvents!.onFailureQueue)}.QueueName>`);
    });

    it('creates no webhook', () => {
      // Assess
      built.template.resourceCountIs('AWS::Events::Connection', 0);
      built.template.resourceCountIs('AWS::Events::ApiDestination', 0);
      // No rule on the application bus (the guard's one rule is the sending-status rule on the default bus).
      const rules = Object.values(built.template.findResources('AWS::Events::Rule')) as { Properties: { EventBusName?: unknown } }[];
      expect(rules.filter((rule) => rule.Properties.EventBusName !== undefined)).toEqual([]);
    });

    it('passes the AwsSolutions and Serverless packs and the Control Tower controls', () => {
      // Assess
      expect(built.reports).toHaveLength(3);
      for (const report of built.reports) expect([report.pluginName, report.violations]).toEqual([report.pluginName, []]);
    });
  });

  describe('with a webhook', () => {
    let built: ReturnType<typeof synthWithNag>;

    beforeAll(() => {
      built = synthWithNag({ applicationEvents: { webhookUrl: 'https://hooks.example.com/ses', softRecordEvents: true } });
    });

    it('sends every event type to an API destination with an API-key connection holding a created secret', () => {
      // Assess
      const events = built.stack.guard.applicationEvents!;
      built.template.hasResourceProperties('AWS::Events::Connection', {
        AuthorizationType: 'API_KEY',
        AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'X-Ses-Bounce-Guard-Secret', ApiKeyValue: Match.anyValue() } },
      });
      built.template.hasResourceProperties('AWS::Events::ApiDestination', { InvocationEndpoint: 'https://hooks.example.com/ses', HttpMethod: 'POST' });
      built.template.hasResourceProperties('AWS::Events::Rule', {
        EventBusName: ref(events.eventBus),
        EventPattern: { source: ['ses-bounce-guard'], 'detail-type': ['Address Suppressed', 'Address Unsuppressed', 'Soft Record Changed'] },
        Targets: [
          Match.objectLike({
            DeadLetterConfig: { Arn: getAtt(events.webhookDeadLetterQueue!, 'Arn') },
            RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
          }),
        ],
      });
      built.template.resourceCountIs('AWS::SecretsManager::Secret', 1);
      expect(built.template.findOutputs('WebhookSecretArn').WebhookSecretArn?.Value).toEqual(ref(events.webhookSecret!));
      built.template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ SOFT_RECORD_EVENTS: 'true' }) } });
    });

    it('alarms on the webhook dead-letter queue', () => {
      // Assess
      const alarm = built.stack.guard.monitoring.pipelineAlarms.WebhookDeadLetterQueue;
      expect(built.template.toJSON().Resources[logicalIdOf(alarm!)].Properties.Dimensions).toEqual([
        { Name: 'QueueName', Value: getAtt(built.stack.guard.applicationEvents!.webhookDeadLetterQueue!, 'QueueName') },
      ]);
    });

    it('passes the AwsSolutions and Serverless packs and the Control Tower controls', () => {
      // Assess
      expect(built.reports).toHaveLength(3);
      for (const report of built.reports) expect([report.pluginName, report.violations]).toEqual([report.pluginName, []]);
    });
  });

  it('uses a webhook secret passed in, and creates none', () => {
    // Prepare
    const stack = new Stack(new App(), 'Own');
    const secret = Secret.fromSecretNameV2(stack, 'Secret', 'webhook-secret');

    // Act
    const guard = new SesBounceGuard(stack, 'Guard', { applicationEvents: { webhookUrl: 'https://hooks.example.com/x', webhookSecret: secret } });

    // Assess
    expect(guard.applicationEvents?.webhookSecret).toBe(secret);
    Template.fromStack(stack).resourceCountIs('AWS::SecretsManager::Secret', 0);
  });

  it('puts events on an existing bus, and wires a target in one line', () => {
    // Prepare
    const stack = new Stack(new App(), 'Existing');
    const bus = EventBus.fromEventBusName(stack, 'Bus', 'apps-bus');
    const guard = new SesBounceGuard(stack, 'Guard', { applicationEvents: { existingEventBus: bus } });
    const inbox = new Queue(stack, 'Inbox');

    // Act
    const rule = guard.onAddressSuppressed('ToInbox', new SqsQueue(inbox));
    guard.onAddressUnsuppressed('UnToInbox', new SqsQueue(inbox));

    // Assess
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Events::EventBus', 0);
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ EVENT_BUS_NAME: 'apps-bus' }) } });
    expect(template.toJSON().Resources[logicalIdOf(rule)].Properties).toMatchObject({
      EventBusName: 'apps-bus',
      EventPattern: { source: ['ses-bounce-guard'], 'detail-type': ['Address Suppressed'] },
      Targets: [expect.objectContaining({ Arn: getAtt(inbox, 'Arn') })],
    });
    template.hasResourceProperties('AWS::Events::Rule', { EventPattern: { 'detail-type': ['Address Unsuppressed'] } });
  });

  it('reads the stream of an existing table imported with its stream ARN', () => {
    // Prepare
    const stack = new Stack(new App(), 'ExistingTable');
    const tableStreamArn = 'arn:aws:dynamodb:us-east-1:123456789012:table/suppressions/stream/2026-01-01T00:00:00.000';
    const table = Table.fromTableAttributes(stack, 'Table', { tableName: 'suppressions', tableStreamArn });

    // Act
    new SesBounceGuard(stack, 'Guard', { existingSuppressionTable: table });

    // Assess
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::EventSourceMapping', { EventSourceArn: tableStreamArn });
  });

  it('refuses an existing table without a stream ARN, saying how to import it, and builds nothing', () => {
    // Act
    const { error, stack } = refused((s) => ({ existingSuppressionTable: Table.fromTableName(s, 'Table', 'suppressions') }));

    // Assess
    expect(error).toBeInstanceOf(InvalidPropsError);
    expect((error as InvalidPropsError).problems).toEqual([expect.stringContaining('Table.fromTableAttributes(this, id, { tableName, tableStreamArn })')]);
    expect(stack.node.findAll().filter((construct) => construct instanceof CfnResource)).toEqual([]);
  });

  it('accepts an existing table without a stream when events are off, and then has no bus to add rules to', () => {
    // Prepare
    const stack = new Stack(new App(), 'Off');
    const guard = new SesBounceGuard(stack, 'Guard', {
      existingSuppressionTable: Table.fromTableName(stack, 'Table', 'suppressions'),
      applicationEvents: { enabled: false },
    });

    // Act & Assess
    expect(guard.eventBus).toBeUndefined();
    expect(() => guard.onAddressSuppressed('X', new SqsQueue(new Queue(stack, 'Q')))).toThrow(/application events are turned off/);
    Template.fromStack(stack).resourceCountIs('AWS::Lambda::EventSourceMapping', 0);
  });

  it.each([
    ['http://hooks.example.com/ses', /webhookUrl must be an https:\/\/ URL; got "http:\/\/hooks.example.com\/ses"/],
    ['not a url', /webhookUrl must be an https:\/\/ URL/],
    ['https://user:pass@hooks.example.com/', /must not carry credentials/],
  ])('refuses the webhook URL %s with a clear error, and builds nothing', (webhookUrl, message) => {
    // Act
    const { error, stack } = refused(() => ({ applicationEvents: { webhookUrl } }));

    // Assess
    expect(error).toBeInstanceOf(InvalidPropsError);
    expect((error as Error).message).toMatch(message);
    expect(stack.node.findAll().filter((construct) => construct instanceof CfnResource)).toEqual([]);
  });

  it('refuses a webhook secret without a webhook URL', () => {
    // Act
    const { error } = refused((s) => ({ applicationEvents: { webhookSecret: Secret.fromSecretNameV2(s, 'S', 'x') } }));

    // Assess
    expect((error as Error).message).toMatch(/webhookSecret is set without webhookUrl/);
  });

  it('refuses a webhook secret version without a webhook URL, and one that is not a version id, in one error, building nothing', () => {
    // Act
    const withoutUrl = refused(() => ({ applicationEvents: { webhookSecretVersion: 'EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE' } }));
    const notAnId = refused(() => ({ applicationEvents: { webhookUrl: 'https://hooks.example.com/x', webhookSecretVersion: 'AWSCURRENT' } }));

    // Assess
    expect((withoutUrl.error as Error).message).toMatch(/webhookSecretVersion is set without webhookUrl/);
    expect((notAnId.error as Error).message).toMatch(/webhookSecretVersion must be a Secrets Manager version id .*; got "AWSCURRENT"/);
    expect(notAnId.stack.node.findAll().filter((construct) => construct instanceof CfnResource)).toEqual([]);
  });
});
