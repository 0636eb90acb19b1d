import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BounceHandler } from '../../../lib/constructs/BounceHandler';
import { DeliveryMode } from '../../../lib/constructs/constants';
import { SesEventPipeline } from '../../../lib/constructs/SesEventPipeline';
import { SuppressionTable } from '../../../lib/constructs/SuppressionTable';
import { getAtt, ref } from '../../helpers/cdk';

type Statement = { Action: string | string[]; Effect: string; Resource: unknown };

function build(props: Partial<ConstructorParameters<typeof BounceHandler>[2]> = {}) {
  const stack = new Stack(new App(), 'Test');
  const table = new SuppressionTable(stack, 'Table');
  const pipeline = new SesEventPipeline(stack, 'Pipeline');
  const handler = new BounceHandler(stack, 'Handler', {
    table: table.table,
    topic: pipeline.topic,
    configurationSetName: pipeline.configurationSet.configurationSetName,
    deployment: 'Test/Handler',
    ...props,
  });
  return { stack, table, pipeline, handler, template: Template.fromStack(stack) };
}

describe('Class: BounceHandler', () => {
  let built: ReturnType<typeof build>;
  let template: Template;

  beforeAll(() => {
    built = build();
    template = built.template;
  });

  describe('function', () => {
    it('runs lambda/bounceHandler/index.ts handler on Node.js 22, ARM64, with active tracing', () => {
      // Assess
      template.hasResourceProperties('AWS::Lambda::Function', {
        Handler: 'index.handler',
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
      });
    });

    it('sets memory and timeout explicitly, 256 MB and 30 s by default', () => {
      // Prepare
      const custom = build({ memorySize: 1024, timeout: Duration.seconds(90) });

      // Assess
      template.hasResourceProperties('AWS::Lambda::Function', { MemorySize: 256, Timeout: 30 });
      custom.template.hasResourceProperties('AWS::Lambda::Function', { MemorySize: 1024, Timeout: 90 });
    });

    it('gets exactly TABLE_NAME, TOPIC_ARN, CONFIGURATION_SET_NAME, DEPLOYMENT and the default policy, no expiry', () => {
      // Assess
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.exact({
            TABLE_NAME: ref(built.table.table),
            TOPIC_ARN: ref(built.pipeline.topic),
            CONFIGURATION_SET_NAME: ref(built.pipeline.configurationSet),
            DEPLOYMENT: 'Test/Handler',
            SOFT_BOUNCE_THRESHOLD: '3',
            SOFT_BOUNCE_WINDOW_DAYS: '7',
            DSN_OVERRIDE: 'false',
          }),
        },
      });
    });

    it('passes every policy setting, the expiry ones only when set', () => {
      // Prepare
      const custom = build({ policy: { softBounceThreshold: 0, softBounceWindowDays: 14, dsnOverride: true, softRecordTtlDays: 30, suppressionTtlDays: 400 } });

      // Assess
      custom.template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectEquals({
            TABLE_NAME: Match.anyValue(),
            TOPIC_ARN: Match.anyValue(),
            CONFIGURATION_SET_NAME: Match.anyValue(),
            DEPLOYMENT: 'Test/Handler',
            SOFT_BOUNCE_THRESHOLD: '0',
            SOFT_BOUNCE_WINDOW_DAYS: '14',
            DSN_OVERRIDE: 'true',
            SOFT_RECORD_TTL_DAYS: '30',
            SUPPRESSION_TTL_DAYS: '400',
          }),
        },
      });
    });

    it('logs to its own encrypted log group, kept a year by default (AWS Control Tower CT.CLOUDWATCH.PR.2)', () => {
      // Prepare
      const custom = build({ logRetention: RetentionDays.TWO_YEARS });

      // Assess
      template.hasResourceProperties('AWS::Lambda::Function', { LoggingConfig: { LogGroup: ref(built.handler.logGroup) } });
      template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365, KmsKeyId: Match.anyValue() });
      custom.template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 731 });
    });
  });

  describe('permissions', () => {
    it('has a role of its own with no managed policy', () => {
      // Assess
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } }] },
        ManagedPolicyArns: Match.absent(),
      });
      template.hasResourceProperties('AWS::Lambda::Function', { Role: getAtt(built.handler.function.role!, 'Arn') });
    });

    it('in direct mode may do exactly what it uses, each on its own resource', () => {
      // Prepare
      const policies = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [ref(built.handler.function.role!)] } }));
      const statements = policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);

      // Assess
      expect(statements).toHaveLength(4);
      expect(statements).toEqual(
        expect.arrayContaining([
          { Effect: 'Allow', Action: 'dynamodb:UpdateItem', Resource: getAtt(built.table.table, 'Arn') },
          { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: getAtt(built.handler.logGroup, 'Arn') },
          {
            Effect: 'Allow',
            Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
            Resource: getAtt(built.handler.processingDeadLetterQueue, 'Arn'),
          },
          // X-Ray's actions have no resource type; the one wildcard, acknowledged for cdk-nag.
          { Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' },
        ]),
      );
    });
  });

  describe('subscription and dead-letter paths (direct mode, the default)', () => {
    it('is in direct mode, with no queue', () => {
      // Assess
      expect(built.handler.deliveryMode).toBe(DeliveryMode.DIRECT);
      expect(built.handler.queue).toBeUndefined();
      template.resourceCountIs('AWS::Lambda::EventSourceMapping', 0);
      template.resourceCountIs('AWS::SQS::Queue', 2);
    });

    it('subscribes the function to the topic with the delivery dead-letter queue as redrive target', () => {
      // Assess
      template.resourceCountIs('AWS::SNS::Subscription', 1);
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'lambda',
        TopicArn: ref(built.pipeline.topic),
        Endpoint: getAtt(built.handler.function, 'Arn'),
        RedrivePolicy: { deadLetterTargetArn: getAtt(built.handler.deliveryDeadLetterQueue, 'Arn') },
      });
    });

    it('lets only this topic invoke the function', () => {
      // Assess
      template.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        FunctionName: getAtt(built.handler.function, 'Arn'),
        Principal: 'sns.amazonaws.com',
        SourceArn: ref(built.pipeline.topic),
      });
    });

    it('lets only this topic send to the delivery dead-letter queue', () => {
      // Assess
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [ref(built.handler.deliveryDeadLetterQueue)],
        PolicyDocument: {
          Statement: Match.arrayWith([
            {
              Effect: 'Allow',
              Principal: { Service: 'sns.amazonaws.com' },
              Action: 'sqs:SendMessage',
              Resource: getAtt(built.handler.deliveryDeadLetterQueue, 'Arn'),
              Condition: { ArnEquals: { 'aws:SourceArn': ref(built.pipeline.topic) } },
            },
          ]),
        },
      });
    });

    it('retries a failed invocation twice, then sends it to the processing dead-letter queue', () => {
      // Assess
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: ref(built.handler.function),
        Qualifier: '$LATEST',
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: getAtt(built.handler.processingDeadLetterQueue, 'Arn') } },
      });
    });

    it('keeps two separate dead-letter queues, both encrypted, kept 14 days, retained by stack changes and TLS-only', () => {
      // Assess
      expect(built.handler.processingDeadLetterQueue).not.toBe(built.handler.deliveryDeadLetterQueue);
      const queues = template.findResources('AWS::SQS::Queue', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 },
      });
      expect(Object.keys(queues).sort()).toEqual([ref(built.handler.processingDeadLetterQueue).Ref, ref(built.handler.deliveryDeadLetterQueue).Ref].sort());
      for (const queue of [built.handler.processingDeadLetterQueue, built.handler.deliveryDeadLetterQueue]) {
        template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [ref(queue)],
          PolicyDocument: {
            Statement: Match.arrayWith([
              {
                Effect: 'Deny',
                Principal: { AWS: '*' },
                Action: 'sqs:*',
                Resource: getAtt(queue, 'Arn'),
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              },
            ]),
          },
        });
      }
    });
  });
  describe('queue mode', () => {
    let queued: ReturnType<typeof build>;
    let queue: Template;

    beforeAll(() => {
      queued = build({ deliveryMode: DeliveryMode.QUEUE, timeout: Duration.seconds(40) });
      queue = queued.template;
    });

    it('subscribes an encrypted, TLS-only queue to the topic, with SNS envelopes (raw delivery off)', () => {
      // Assess
      expect(queued.handler.queue).toBeDefined();
      queue.resourceCountIs('AWS::SNS::Subscription', 1);
      queue.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'sqs',
        TopicArn: ref(queued.pipeline.topic),
        Endpoint: getAtt(queued.handler.queue!, 'Arn'),
        RawMessageDelivery: false,
        RedrivePolicy: { deadLetterTargetArn: getAtt(queued.handler.deliveryDeadLetterQueue, 'Arn') },
      });
      queue.hasResourceProperties('AWS::SQS::Queue', {
        SqsManagedSseEnabled: true,
        // 6 × the 40 s function timeout + the 5 s batch window.
        VisibilityTimeout: 245,
        RedrivePolicy: { deadLetterTargetArn: getAtt(queued.handler.processingDeadLetterQueue, 'Arn'), maxReceiveCount: 5 },
      });
    });

    it('lets only the topic send to the queue, and nobody without TLS', () => {
      // Assess
      queue.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [ref(queued.handler.queue!)],
        PolicyDocument: {
          Statement: [
            {
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: 'sqs:*',
              Resource: getAtt(queued.handler.queue!, 'Arn'),
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
            {
              Effect: 'Allow',
              Principal: { Service: 'sns.amazonaws.com' },
              Action: 'sqs:SendMessage',
              Resource: getAtt(queued.handler.queue!, 'Arn'),
              Condition: { ArnEquals: { 'aws:SourceArn': ref(queued.pipeline.topic) } },
            },
          ],
        },
      });
    });

    it('polls the queue with partial batch failures, a batch window and bounded concurrency', () => {
      // Prepare
      const custom = build({ deliveryMode: DeliveryMode.QUEUE, queueOptions: { maxConcurrency: 20, batchWindow: Duration.seconds(30), batchSize: 100 } });

      // Assess
      queue.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
      queue.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: getAtt(queued.handler.queue!, 'Arn'),
        FunctionName: ref(queued.handler.function),
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BatchSize: 10,
        MaximumBatchingWindowInSeconds: 5,
        ScalingConfig: { MaximumConcurrency: 5 },
      });
      custom.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        BatchSize: 100,
        MaximumBatchingWindowInSeconds: 30,
        ScalingConfig: { MaximumConcurrency: 20 },
      });
    });

    it('is not subscribed directly and has no asynchronous retry or onFailure destination', () => {
      // Assess
      expect(queued.handler.deliveryMode).toBe(DeliveryMode.QUEUE);
      queue.resourcePropertiesCountIs('AWS::SNS::Subscription', { Protocol: 'lambda' }, 0);
      queue.resourceCountIs('AWS::Lambda::Permission', 0);
      queue.resourceCountIs('AWS::Lambda::EventInvokeConfig', 0);
    });

    it('keeps three queues: the queue, its dead-letter queue (14 days) and the delivery dead-letter queue', () => {
      // Assess
      const ids = Object.keys(queue.findResources('AWS::SQS::Queue')).sort();
      expect(ids).toEqual(
        [queued.handler.queue!, queued.handler.processingDeadLetterQueue, queued.handler.deliveryDeadLetterQueue].map((q) => ref(q).Ref).sort(),
      );
      queue.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 345_600, RedrivePolicy: Match.anyValue() });
      const deadLetterQueues = queue.findResources('AWS::SQS::Queue', { Properties: { MessageRetentionPeriod: 1_209_600 } });
      expect(Object.keys(deadLetterQueues)).toHaveLength(2);
    });

    it('may consume its queue instead of sending to a dead-letter queue, and nothing more', () => {
      // Prepare
      const policies = Object.values(queue.findResources('AWS::IAM::Policy', { Properties: { Roles: [ref(queued.handler.function.role!)] } }));
      const statements = policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);

      // Assess
      expect(statements).toHaveLength(4);
      expect(statements).toEqual(
        expect.arrayContaining([
          { Effect: 'Allow', Action: 'dynamodb:UpdateItem', Resource: getAtt(queued.table.table, 'Arn') },
          { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: getAtt(queued.handler.logGroup, 'Arn') },
          {
            Effect: 'Allow',
            Action: ['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueUrl', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
            Resource: getAtt(queued.handler.queue!, 'Arn'),
          },
          { Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' },
        ]),
      );
    });
  });
});
