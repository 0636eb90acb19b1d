import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { SuppressionPolicy } from '../src/domain/policy';
import { AccountSuppression } from './constructs/AccountSuppression';
import { BounceHandler, type BounceHandlerProps } from './constructs/BounceHandler';
import { DeliveryMode } from './constructs/constants';
import { IdentityDefaultConfigurationSet } from './constructs/IdentityDefaultConfigurationSet';
import { Monitoring, type ReputationThresholds } from './constructs/Monitoring';
import { SesEventPipeline } from './constructs/SesEventPipeline';
import { SuppressionTable } from './constructs/SuppressionTable';
import { acknowledgeCustomResourceProvider } from './nag/acknowledgeCustomResourceProvider';

/** Properties of a {@link SesBounceGuardStack}. */
interface SesBounceGuardStackProps extends StackProps {
  /**
   * Name of the SES configuration set that senders put on every message.
   * @default 'txn-mail'
   */
  readonly configurationSetName?: string;
  /**
   * Whether to turn on SES account-level suppression for bounces and complaints.
   * @default true
   */
  readonly accountSuppression?: boolean;
  /**
   * Existing SES identities (email addresses or domains) whose default configuration set becomes
   * this stack's.
   * @default - none
   */
  readonly identities?: readonly string[];
  /**
   * The handler's memory, in MB.
   * @default 256
   */
  readonly handlerMemorySize?: number;
  /**
   * The handler's timeout.
   * @default Duration.seconds(30)
   */
  readonly handlerTimeout?: Duration;
  /**
   * How long the log groups keep their events.
   * @default RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: RetentionDays;
  /**
   * Warning and critical thresholds of the SES reputation alarms, as fractions (0.02 = 2%).
   * @default - bounce 0.02 and 0.04, complaint 0.0005 and 0.0008
   */
  readonly reputationThresholds?: ReputationThresholds;
  /**
   * An address subscribed to the alarm topic (SNS mails it a confirmation link first).
   * @default - no subscription
   */
  readonly alarmEmail?: string;
  /**
   * How SNS hands events to the handler: subscribed to the topic, or through an SQS queue.
   * @default DeliveryMode.DIRECT
   */
  readonly deliveryMode?: DeliveryMode;
  /**
   * Queue mode only: the event source's maximum concurrency, batch window and batch size.
   * @default - 5 concurrent invocations, a 5 s window, 10 messages per batch
   */
  readonly queueOptions?: BounceHandlerProps['queueOptions'];
  /**
   * Soft-bounce escalation, DSN override and expiry, as the handler applies them.
   * @default DEFAULT_POLICY - escalate at 3 transient bounces in 7 days, no DSN override, nothing expires
   */
  readonly policy?: SuppressionPolicy;
}

/**
 * The whole pipeline: SES configuration set → encrypted SNS topic → handler → suppression table,
 * plus SES account settings. Every setting arrives as a prop; the stack reads no environment.
 */
class SesBounceGuardStack extends Stack {
  /** The suppression table. */
  readonly suppressionTable: SuppressionTable;
  /** Configuration set, topic and topic key. */
  readonly eventPipeline: SesEventPipeline;
  /** The function, its two dead-letter queues and, in queue mode, its queue. */
  readonly bounceHandler: BounceHandler;
  /** The account-level suppression setting, `undefined` when turned off. */
  readonly accountSuppression: AccountSuppression | undefined;
  /** One per listed identity. */
  readonly identityDefaults: readonly IdentityDefaultConfigurationSet[];
  /** Alarms, their topic and the dashboard. */
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: SesBounceGuardStackProps = {}) {
    super(scope, id, props);
    const configurationSetName = props.configurationSetName ?? 'txn-mail';
    const logRetention = props.logRetention ?? RetentionDays.THREE_MONTHS;

    this.suppressionTable = new SuppressionTable(this, 'SuppressionTable');
    this.eventPipeline = new SesEventPipeline(this, 'EventPipeline', { configurationSetName });
    this.bounceHandler = new BounceHandler(this, 'BounceHandler', {
      table: this.suppressionTable.table,
      topic: this.eventPipeline.topic,
      configurationSetName: this.eventPipeline.configurationSet.configurationSetName,
      memorySize: props.handlerMemorySize ?? 256,
      timeout: props.handlerTimeout ?? Duration.seconds(30),
      logRetention,
      ...(props.deliveryMode === undefined ? {} : { deliveryMode: props.deliveryMode }),
      ...(props.queueOptions === undefined ? {} : { queueOptions: props.queueOptions }),
      ...(props.policy === undefined ? {} : { policy: props.policy }),
    });

    const identities = props.identities ?? [];
    const needsCustomResources = (props.accountSuppression ?? true) || identities.length > 0;
    const customResourceLogGroup = needsCustomResources ? new LogGroup(this, 'SesSettingsLogGroup', { retention: logRetention }) : undefined;
    this.accountSuppression =
      (props.accountSuppression ?? true) ? new AccountSuppression(this, 'AccountSuppression', { logGroup: customResourceLogGroup }) : undefined;
    this.identityDefaults = identities.map(
      (identity) =>
        new IdentityDefaultConfigurationSet(this, `IdentityDefault-${identity}`, {
          identity,
          configurationSet: this.eventPipeline.configurationSet,
          logGroup: customResourceLogGroup,
        }),
    );
    if (needsCustomResources) acknowledgeCustomResourceProvider(this);

    this.monitoring = new Monitoring(this, 'Monitoring', {
      // The literal name rather than the configuration set's token: the metric dimension and the
      // dashboard then read as the name senders use.
      configurationSetName,
      handler: this.bounceHandler.function,
      deadLetterQueues: [
        {
          id: 'ProcessingDeadLetterQueue',
          description:
            this.bounceHandler.deliveryMode === DeliveryMode.QUEUE
              ? 'events the handler failed on 5 times (the queue\'s dead-letter queue)'
              : 'events the handler failed on after its retries',
          queue: this.bounceHandler.processingDeadLetterQueue,
        },
        { id: 'DeliveryDeadLetterQueue', description: 'events SNS could not deliver to the handler', queue: this.bounceHandler.deliveryDeadLetterQueue },
      ],
      ...(this.bounceHandler.queue === undefined ? {} : { queue: this.bounceHandler.queue }),
      reputationThresholds: props.reputationThresholds,
      alarmEmail: props.alarmEmail,
    });

    new CfnOutput(this, 'TopicArn', { value: this.eventPipeline.topic.topicArn, description: 'SNS topic SES publishes bounces and complaints to' });
    new CfnOutput(this, 'TableName', { value: this.suppressionTable.table.tableName, description: 'DynamoDB suppression table' });
    new CfnOutput(this, 'ConfigurationSetName', {
      value: this.eventPipeline.configurationSet.configurationSetName,
      description: 'SES configuration set to send with (ConfigurationSetName or X-SES-CONFIGURATION-SET)',
    });
    const queue = this.bounceHandler.queue;
    if (queue !== undefined) {
      new CfnOutput(this, 'QueueUrl', { value: queue.queueUrl, description: 'The queue between the topic and the handler (queue mode)' });
    }
    // One name in both modes, so that runbooks and the redrive command need not know the mode; the
    // description says what its messages are.
    new CfnOutput(this, 'ProcessingDeadLetterQueueUrl', {
      value: this.bounceHandler.processingDeadLetterQueue.queueUrl,
      description:
        this.bounceHandler.deliveryMode === DeliveryMode.QUEUE
          ? 'The queue\'s dead-letter queue: SNS envelopes that failed 5 receives (redrive --target <QueueUrl>)'
          : 'Invocation records of events the handler failed on after its retries (redrive --function <name>)',
    });
    new CfnOutput(this, 'DeliveryDeadLetterQueueUrl', {
      value: this.bounceHandler.deliveryDeadLetterQueue.queueUrl,
      description: 'Events SNS could not deliver to the handler',
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.monitoring.alarmTopic.topic.topicArn,
      description: 'SNS topic every alarm notifies on ALARM and OK: subscribe chat, paging or more addresses here',
    });
  }
}

export { SesBounceGuardStack };
export type { SesBounceGuardStackProps };
