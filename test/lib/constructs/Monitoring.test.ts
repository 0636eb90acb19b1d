import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { Monitoring, type MonitoringProps } from '../../../lib/constructs/Monitoring';
import { HANDLER_REASONS } from '../../../src/domain/constants';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../../../src/metrics/metricNames';
import { getAtt, logicalIdOf, ref, renderJoin } from '../../helpers/cdk';

type Properties = Record<string, unknown>;

/** A stack with a plain function and queues standing in for the pipeline (no bundling needed). */
function build(props: Partial<MonitoringProps> = {}, withQueue = false) {
  const stack = new Stack(new App(), 'Test');
  const handler = new LambdaFunction(stack, 'Handler', {
    runtime: Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: Code.fromInline('exports.handler = async () => {}'),
  });
  const processing = new Queue(stack, 'ProcessingDlq');
  const delivery = new Queue(stack, 'DeliveryDlq');
  const queue = withQueue ? new Queue(stack, 'EventQueue') : undefined;
  const monitoring = new Monitoring(stack, 'Monitoring', {
    configurationSetName: 'txn-mail',
    handler,
    deployment: 'Test/Guard',
    deadLetterQueues: [
      { id: 'ProcessingDeadLetterQueue', description: 'events the handler failed on', queue: processing },
      { id: 'DeliveryDeadLetterQueue', description: 'events SNS could not deliver', queue: delivery },
    ],
    ...(queue === undefined ? {} : { queue }),
    ...props,
  });
  const template = Template.fromStack(stack);
  /** Every alarm's properties, by the id the construct gave it. */
  const alarms = Object.fromEntries(
    Object.entries({ ...monitoring.reputationAlarms, ...monitoring.pipelineAlarms }).map(([id, alarm]) => [
      id,
      template.toJSON().Resources[logicalIdOf(alarm)].Properties as Properties,
    ]),
  );
  return { stack, handler, processing, delivery, queue, monitoring, template, alarms };
}

/** Alarms whose return to OK is mailed: written out here, not imported, so a change to the set shows. */
const MAILS_OK = [
  'AccountBounceRateCritical',
  'AccountComplaintRateCritical',
  'ConfigurationSetBounceRateCritical',
  'ConfigurationSetComplaintRateCritical',
  'FailedRecords',
  'QueueOldestMessageAge',
];

/** What every alarm shares: it notifies the alarm topic on ALARM (and on OK when recovery matters), and links its runbook section. */
function notifying(monitoring: Monitoring, treatMissingData: 'ignore' | 'notBreaching', id: string) {
  const topic = ref(monitoring.alarmTopic.topic);
  return {
    AlarmActions: [topic],
    ...(MAILS_OK.includes(id) ? { OKActions: [topic] } : {}),
    TreatMissingData: treatMissingData,
    AlarmDescription: expect.stringMatching(new RegExp(`Runbook: https://unpkg\\.com/ses-bounce-guard/docs/monitoring\\.md#${id.toLowerCase()}$`)),
  };
}

function reputationAlarm(metricName: string, configurationSet: string | undefined, threshold: number): Properties {
  return {
    Namespace: 'AWS/SES',
    MetricName: metricName,
    ...(configurationSet === undefined ? {} : { Dimensions: [{ Name: 'ses:configuration-set', Value: configurationSet }] }),
    Statistic: 'Average',
    Period: 3600,
    Threshold: threshold,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    EvaluationPeriods: 1,
  };
}

type Widget = {
  type: string;
  properties: { title: string; metrics?: unknown[][]; alarms?: string[]; annotations?: { horizontal: { value: number; label: string }[] }; stacked?: boolean };
};

function dashboardWidgets(built: ReturnType<typeof build>): Widget[] {
  const body = built.template.toJSON().Resources[logicalIdOf(built.monitoring.dashboard)].Properties.DashboardBody;
  return (JSON.parse(renderJoin(body)) as { widgets: Widget[] }).widgets;
}

describe('Class: Monitoring', () => {
  describe('reputation alarms', () => {
    it('watch the bounce and complaint rates of the account and of the configuration set, at 2%/4% and 0.05%/0.08% by default', () => {
      // Act
      const { alarms, monitoring } = build();

      // Assess
      const expected = {
        AccountBounceRateWarning: reputationAlarm('Reputation.BounceRate', undefined, 0.02),
        AccountBounceRateCritical: reputationAlarm('Reputation.BounceRate', undefined, 0.04),
        AccountComplaintRateWarning: reputationAlarm('Reputation.ComplaintRate', undefined, 0.0005),
        AccountComplaintRateCritical: reputationAlarm('Reputation.ComplaintRate', undefined, 0.0008),
        ConfigurationSetBounceRateWarning: reputationAlarm('Reputation.BounceRate', 'txn-mail', 0.02),
        ConfigurationSetBounceRateCritical: reputationAlarm('Reputation.BounceRate', 'txn-mail', 0.04),
        ConfigurationSetComplaintRateWarning: reputationAlarm('Reputation.ComplaintRate', 'txn-mail', 0.0005),
        ConfigurationSetComplaintRateCritical: reputationAlarm('Reputation.ComplaintRate', 'txn-mail', 0.0008),
      };
      expect(Object.keys(monitoring.reputationAlarms).sort()).toEqual(Object.keys(expected).sort());
      for (const [id, properties] of Object.entries(expected)) {
        // Missing data keeps the state: SES publishes these rates hours apart, and an empty hour
        // after a breaching point must not send OK while the rate is still high.
        expect({ id, ...alarms[id] }).toEqual({ id, ...properties, ...notifying(monitoring, 'ignore', id) });
      }
    });

    it('take the thresholds given', () => {
      // Act
      const { alarms } = build({
        reputationThresholds: { bounceRateWarning: 0.01, bounceRateCritical: 0.03, complaintRateWarning: 0.0002, complaintRateCritical: 0.0009 },
      });

      // Assess
      const thresholds = Object.fromEntries(Object.entries(alarms).map(([id, properties]) => [id, properties.Threshold]));
      expect(thresholds).toMatchObject({
        AccountBounceRateWarning: 0.01,
        ConfigurationSetBounceRateWarning: 0.01,
        AccountBounceRateCritical: 0.03,
        ConfigurationSetBounceRateCritical: 0.03,
        AccountComplaintRateWarning: 0.0002,
        ConfigurationSetComplaintRateWarning: 0.0002,
        AccountComplaintRateCritical: 0.0009,
        ConfigurationSetComplaintRateCritical: 0.0009,
      });
    });

    it('refuse thresholds that are not fractions or not ordered, listing every problem at once, and create nothing', () => {
      // Prepare
      const stack = new Stack(new App(), 'Test');
      const handler = new LambdaFunction(stack, 'Handler', { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromInline('x') });
      const queue = new Queue(stack, 'Dlq');

      // Act
      const act = () =>
        new Monitoring(stack, 'Monitoring', {
          configurationSetName: 'txn-mail',
          handler,
          deployment: 'Test/Guard',
          deadLetterQueues: [
            { id: 'Dlq', description: 'a', queue },
            { id: 'Dlq', description: 'b', queue },
          ],
          reputationThresholds: { bounceRateWarning: 2, complaintRateWarning: 0.001 },
        });

      // Assess
      expect(act).toThrow(
        [
          'Invalid Monitoring props:',
          '  - bounceRateWarning: must be a fraction between 0 and 1, exclusive (0.02 means 2%) (got 2)',
          '  - complaintRateWarning: must be below complaintRateCritical (got 0.001 >= 0.0008)',
          '  - deadLetterQueues: id Dlq is used twice',
        ].join('\n'),
      );
      expect(stack.node.tryFindChild('Monitoring') === undefined).toBe(true);
    });
  });

  describe('pipeline alarms', () => {
    it('watch handler errors and throttles, each dead-letter queue, rejected messages and sustained record failures', () => {
      // Act
      const built = build();
      const { alarms, monitoring } = built;

      // Assess
      const lambdaAlarm = (metricName: string) => ({
        Namespace: 'AWS/Lambda',
        MetricName: metricName,
        Dimensions: [{ Name: 'FunctionName', Value: ref(built.handler) }],
        Statistic: 'Sum',
      });
      const dlqAlarm = (queue: Queue) => ({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: getAtt(queue, 'QueueName') }],
        Statistic: 'Maximum',
      });
      const handlerAlarm = (metricName: string) => ({
        Namespace: METRICS_NAMESPACE,
        MetricName: metricName,
        Dimensions: [
          { Name: 'Deployment', Value: 'Test/Guard' },
          { Name: 'service', Value: METRICS_SERVICE },
        ],
        Statistic: 'Sum',
      });
      const anyInFiveMinutes = { Period: 300, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1, DatapointsToAlarm: 1 };
      const expected = {
        HandlerErrors: { ...lambdaAlarm('Errors'), ...anyInFiveMinutes },
        HandlerThrottles: { ...lambdaAlarm('Throttles'), ...anyInFiveMinutes },
        ProcessingDeadLetterQueue: { ...dlqAlarm(built.processing), ...anyInFiveMinutes },
        DeliveryDeadLetterQueue: { ...dlqAlarm(built.delivery), ...anyInFiveMinutes },
        SendingStatusDeadLetterQueue: { ...dlqAlarm(built.monitoring.sendingStatusAlerts.deadLetterQueue.queue as Queue), ...anyInFiveMinutes },
        RejectedMessages: { ...handlerAlarm('RejectedMessages'), ...anyInFiveMinutes },
        FailedRecords: { ...handlerAlarm('FailedRecords'), ...anyInFiveMinutes, EvaluationPeriods: 3, DatapointsToAlarm: 3 },
      };
      expect(Object.keys(monitoring.pipelineAlarms).sort()).toEqual(Object.keys(expected).sort());
      for (const [id, properties] of Object.entries(expected)) {
        // An idle pipeline emits nothing and is healthy: missing data is not breaching.
        expect({ id, ...alarms[id] }).toEqual({ id, ...properties, ...notifying(monitoring, 'notBreaching', id) });
      }
      built.template.resourceCountIs('AWS::CloudWatch::Alarm', 15);
      expect(monitoring.alarms).toHaveLength(15);
    });

    it('watch the age of the oldest message only when a queue is in the path', () => {
      // Act
      const withQueue = build({ queueAgeThreshold: Duration.minutes(10) }, true);
      const withoutQueue = build();

      // Assess
      expect(withoutQueue.monitoring.pipelineAlarms.QueueOldestMessageAge).toBeUndefined();
      expect(withQueue.alarms.QueueOldestMessageAge).toEqual({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateAgeOfOldestMessage',
        Dimensions: [{ Name: 'QueueName', Value: getAtt(withQueue.queue!, 'QueueName') }],
        Statistic: 'Maximum',
        Period: 300,
        Threshold: 600,
        ComparisonOperator: 'GreaterThanThreshold',
        EvaluationPeriods: 1,
        ...notifying(withQueue.monitoring, 'notBreaching', 'QueueOldestMessageAge'),
      });
      withQueue.template.resourceCountIs('AWS::CloudWatch::Alarm', 16);
    });

    it('alarm on a queue message older than 15 minutes by default', () => {
      // Act
      const { alarms } = build({}, true);

      // Assess
      expect(alarms.QueueOldestMessageAge?.Threshold).toBe(900);
    });
  });

  describe('SES sending status', () => {
    it('sends Sending Status Disabled and Enabled from the default bus to the alarm topic at once, dead-lettered, with the key open to EventBridge for this topic only', () => {
      // Act
      const { template, monitoring } = build();

      // Assess
      const { rule, deadLetterQueue } = monitoring.sendingStatusAlerts;
      const resources = template.toJSON().Resources;
      const properties = resources[logicalIdOf(rule)].Properties;
      expect(properties).toEqual({
        Description: 'ses-bounce-guard: SES paused or resumed sending (account or tenant)',
        EventPattern: { source: ['aws.ses'], 'detail-type': ['Sending Status Disabled', 'Sending Status Enabled'] },
        State: 'ENABLED',
        Targets: [{ Arn: ref(monitoring.alarmTopic.topic), Id: 'Target0', DeadLetterConfig: { Arn: getAtt(deadLetterQueue.queue, 'Arn') } }],
      });
      // No EventBusName: the default bus, where SES puts its events.
      expect(properties.EventBusName).toBeUndefined();
      const { key, topic } = monitoring.alarmTopic;
      const topicName = resources[logicalIdOf(topic)].Properties.TopicName as string;
      const statements = resources[logicalIdOf(key)].Properties.KeyPolicy.Statement as { Principal?: unknown }[];
      expect(statements.filter((statement) => JSON.stringify(statement.Principal).includes('events.amazonaws.com'))).toEqual([
        {
          Sid: 'AllowEventBridgeToPublishToTheEncryptedTopic',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          Resource: '*',
          Condition: {
            StringEquals: {
              'kms:EncryptionContext:aws:sns:topicArn': {
                'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:${topicName}`]],
              },
            },
          },
        },
      ]);
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            {
              Sid: 'AllowSendingStatusRuleToPublish',
              Effect: 'Allow',
              Action: 'sns:Publish',
              Principal: { Service: 'events.amazonaws.com' },
              Resource: ref(topic),
              Condition: { ArnEquals: { 'aws:SourceArn': getAtt(rule, 'Arn') } },
            },
          ]),
        },
      });
    });
  });

  describe('alarm topic', () => {
    it('is encrypted with a rotated customer-managed key that CloudWatch alarms of this account may use, and TLS-only', () => {
      // Act
      const { template, monitoring } = build();

      // Assess
      const { topic, key } = monitoring.alarmTopic;
      template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: getAtt(key, 'Arn') });
      const resources = template.toJSON().Resources;
      const topicName = resources[logicalIdOf(topic)].Properties.TopicName as string;
      const keyProperties = resources[logicalIdOf(key)].Properties as { EnableKeyRotation: boolean; KeyPolicy: { Statement: { Principal?: unknown }[] } };
      expect(keyProperties.EnableKeyRotation).toBe(true);
      // Exact: the encryption context SNS sets, for this topic only; no aws:Source* condition that
      // CloudWatch's KMS request might not carry.
      expect(keyProperties.KeyPolicy.Statement.filter((statement) => JSON.stringify(statement.Principal).includes('cloudwatch'))).toEqual([
        {
          Sid: 'AllowCloudWatchAlarmsToPublishToTheEncryptedTopic',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          Resource: '*',
          Condition: {
            StringEquals: {
              'kms:EncryptionContext:aws:sns:topicArn': {
                'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:${topicName}`]],
              },
            },
          },
        },
      ]);
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [ref(topic)],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            {
              Sid: 'AllowCloudWatchAlarmsToPublish',
              Effect: 'Allow',
              Action: 'sns:Publish',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Resource: ref(topic),
              Condition: {
                StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
                ArnLike: {
                  'aws:SourceArn': {
                    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':alarm:*']],
                  },
                },
              },
            },
          ]),
        },
      });
    });

    it('has no subscription unless an email address is given', () => {
      // Act
      const without = build();
      const withEmail = build({ alarmEmail: 'ops@example.com' });

      // Assess
      without.template.resourceCountIs('AWS::SNS::Subscription', 0);
      expect(without.monitoring.alarmTopic.emailSubscription).toBeUndefined();
      withEmail.template.resourceCountIs('AWS::SNS::Subscription', 1);
      withEmail.template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'ops@example.com',
        TopicArn: ref(withEmail.monitoring.alarmTopic.topic),
      });
    });
  });

  describe('dashboard', () => {
    it('shows every alarm, the rates with their thresholds, suppressions by reason, handler errors and dead-letter depth', () => {
      // Act
      const built = build({ reputationThresholds: { bounceRateWarning: 0.015 } });
      const widgets = dashboardWidgets(built);
      const byTitle = Object.fromEntries(widgets.map((widget) => [widget.properties.title, widget.properties]));

      // Assess
      expect(Object.keys(byTitle)).toEqual([
        'Alarms',
        'SES bounce rate',
        'SES complaint rate',
        'Suppressions by reason',
        'Soft records by reason',
        'Handler outcomes',
        'Handler errors and throttles',
        'Dead-letter queue depth',
      ]);
      expect(byTitle.Alarms?.alarms).toEqual(built.monitoring.alarms.map((alarm) => `<${logicalIdOf(alarm)}.Arn>`));

      expect(byTitle['SES bounce rate']?.metrics).toEqual([
        ['AWS/SES', 'Reputation.BounceRate', { label: 'account', period: 3600 }],
        ['AWS/SES', 'Reputation.BounceRate', 'ses:configuration-set', 'txn-mail', { label: 'configuration set txn-mail', period: 3600 }],
      ]);
      expect(byTitle['SES bounce rate']?.annotations?.horizontal).toEqual([
        expect.objectContaining({ value: 0.015, label: 'warning 1.5%' }),
        expect.objectContaining({ value: 0.04, label: 'critical 4%' }),
      ]);
      expect(byTitle['SES complaint rate']?.metrics).toEqual([
        ['AWS/SES', 'Reputation.ComplaintRate', { label: 'account', period: 3600 }],
        ['AWS/SES', 'Reputation.ComplaintRate', 'ses:configuration-set', 'txn-mail', { label: 'configuration set txn-mail', period: 3600 }],
      ]);
      expect(byTitle['SES complaint rate']?.annotations?.horizontal).toEqual([
        expect.objectContaining({ value: 0.0005, label: 'warning 0.05%' }),
        expect.objectContaining({ value: 0.0008, label: 'critical 0.08%' }),
      ]);

      // Exactly what the handler emits: no manual (the CLI's), no soft reasons on Suppressions.
      expect(byTitle['Suppressions by reason']?.metrics?.map((metric) => metric[metric.indexOf('Reason') + 1])).toEqual([
        'bounce',
        'complaint',
        'soft_bounce_threshold',
      ]);
      expect(byTitle['Soft records by reason']?.metrics).toEqual(
        ['transient_bounce', 'not_spam_complaint'].map((reason) => [
          METRICS_NAMESPACE,
          'SoftRecords',
          'Deployment',
          'Test/Guard',
          'Reason',
          reason,
          'service',
          METRICS_SERVICE,
          { label: reason, stat: 'Sum' },
        ]),
      );
      expect(byTitle['Suppressions by reason']?.metrics).toEqual(
        HANDLER_REASONS.suppressed.map((reason) => [
          METRICS_NAMESPACE,
          'Suppressions',
          'Deployment',
          'Test/Guard',
          'Reason',
          reason,
          'service',
          METRICS_SERVICE,
          { label: reason, stat: 'Sum' },
        ]),
      );
      expect(byTitle['Handler outcomes']?.metrics?.map((metric) => metric[1])).toEqual([
        'SoftRecords',
        'DuplicateEvents',
        'IgnoredEvents',
        'RejectedMessages',
        'InvalidRecipients',
        'FailedRecords',
      ]);
      const fn = `<${logicalIdOf(built.handler)}>`;
      expect(byTitle['Handler errors and throttles']?.metrics).toEqual([
        ['AWS/Lambda', 'Errors', 'FunctionName', fn, { label: 'Errors', stat: 'Sum' }],
        ['AWS/Lambda', 'Throttles', 'FunctionName', fn, { label: 'Throttles', stat: 'Sum' }],
        ['AWS/Lambda', 'Invocations', 'FunctionName', fn, { label: 'Invocations', stat: 'Sum', yAxis: 'right' }],
      ]);
      expect(byTitle['Dead-letter queue depth']?.metrics).toEqual([
        [
          'AWS/SQS',
          'ApproximateNumberOfMessagesVisible',
          'QueueName',
          `<${logicalIdOf(built.processing)}.QueueName>`,
          { label: 'ProcessingDeadLetterQueue', stat: 'Maximum' },
        ],
        [
          'AWS/SQS',
          'ApproximateNumberOfMessagesVisible',
          'QueueName',
          `<${logicalIdOf(built.delivery)}.QueueName>`,
          { label: 'DeliveryDeadLetterQueue', stat: 'Maximum' },
        ],
        [
          'AWS/SQS',
          'ApproximateNumberOfMessagesVisible',
          'QueueName',
          `<${logicalIdOf(built.monitoring.sendingStatusAlerts.deadLetterQueue.queue)}.QueueName>`,
          { label: 'SendingStatusDeadLetterQueue', stat: 'Maximum' },
        ],
      ]);
    });

    it("adds the age of the queue's oldest message when a queue is in the path", () => {
      // Act
      const built = build({}, true);
      const depth = dashboardWidgets(built).find((widget) => widget.properties.title === 'Dead-letter queue depth');

      // Assess
      expect(depth?.properties.metrics).toContainEqual([
        'AWS/SQS',
        'ApproximateAgeOfOldestMessage',
        'QueueName',
        `<${logicalIdOf(built.queue!)}.QueueName>`,
        { label: 'Queue: oldest message (s)', stat: 'Maximum', yAxis: 'right' },
      ]);
    });
  });
});
