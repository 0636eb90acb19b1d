import { CfnOutput, Lazy, Names, Stack, type StackProps } from 'aws-cdk-lib';
import { ManagedPolicy } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { SuppressionTable } from './constructs/SuppressionTable';
import { SesBounceGuard, type SesBounceGuardProps } from './SesBounceGuard';

/** Properties of a {@link SesBounceGuardStack}: the stack's own, and the construct's. */
interface SesBounceGuardStackProps extends StackProps {
  /**
   * Everything {@link SesBounceGuard} takes; the construct owns every default.
   * @default - the construct's defaults
   */
  readonly guard?: SesBounceGuardProps;
}

/**
 * The standalone app's stack: one {@link SesBounceGuard}, a managed policy that senders in other
 * stacks attach, and the outputs operators and the CLI read. Every setting arrives as a prop; the
 * stack reads no environment.
 */
class SesBounceGuardStack extends Stack {
  /** The construct holding every resource. */
  readonly guard: SesBounceGuard;
  /** What a sender needs to check addresses, for roles in other stacks (`SenderPolicyArn`). */
  readonly senderPolicy: ManagedPolicy;

  constructor(scope: Construct, id: string, props: SesBounceGuardStackProps = {}) {
    super(scope, id, props);
    const guardProps = props.guard ?? {};
    const adopts = guardProps.existingSuppressionTable !== undefined || guardProps.existingSuppressionTableName !== undefined;
    // The table this stack created before the construct's default became `<stack name>-suppressions`
    // keeps its name, so that no existing deployment is left with a new, empty table (its ids are
    // fixed here, so the path never changes).
    const tableProps =
      adopts || guardProps.suppressionTableProps?.tableName !== undefined
        ? guardProps.suppressionTableProps
        : {
            ...guardProps.suppressionTableProps,
            tableName: Lazy.string({ produce: () => standaloneTableName(this.guard.suppressionTable as SuppressionTable) }),
          };
    this.guard = new SesBounceGuard(this, 'Guard', { ...guardProps, ...(tableProps === undefined ? {} : { suppressionTableProps: tableProps }) });
    const guard = this.guard;
    const handler = guard.bounceHandler;

    this.senderPolicy = new ManagedPolicy(this, 'SenderPolicy', {
      description: 'ses-bounce-guard: check addresses against the suppression table before sending',
    });
    guard.grantCheck(this.senderPolicy);

    new CfnOutput(this, 'TopicArn', { value: guard.eventPipeline.topic.topicArn, description: 'SNS topic SES publishes bounces and complaints to' });
    new CfnOutput(this, 'TableName', { value: guard.table.tableName, description: 'DynamoDB suppression table' });
    new CfnOutput(this, 'ConfigurationSetName', {
      value: guard.eventPipeline.configurationSet.configurationSetName,
      description: 'SES configuration set to send with (ConfigurationSetName or X-SES-CONFIGURATION-SET)',
    });
    new CfnOutput(this, 'SenderPolicyArn', {
      value: this.senderPolicy.managedPolicyArn,
      description: 'Managed policy to attach to sender roles: GetItem and BatchGetItem on the suppression table',
    });
    const external = guard.externalReceiver;
    const queue = handler?.queue ?? external?.queue;
    if (queue !== undefined) {
      new CfnOutput(this, 'QueueUrl', {
        value: queue.queueUrl,
        description: external === undefined ? 'The queue between the topic and the handler (queue mode)' : 'The queue your worker polls (worker --queue-url)',
      });
    }
    if (external?.url !== undefined) {
      new CfnOutput(this, 'SubscriberUrl', { value: external.url, description: 'The HTTPS endpoint subscribed to the topic (it confirms the subscription)' });
    }
    // One name in both modes, so that runbooks and the redrive command need not know the mode; the
    // description says what its messages are.
    const processing = handler?.processingDeadLetterQueue ?? external?.processingDeadLetterQueue;
    if (processing !== undefined) {
      new CfnOutput(this, 'ProcessingDeadLetterQueueUrl', {
        value: processing.queueUrl,
        description:
          queue !== undefined
            ? "The queue's dead-letter queue: SNS envelopes that failed 5 receives (redrive --target <QueueUrl>)"
            : 'Invocation records of events the handler failed on after its retries (redrive --function <name>)',
      });
    }
    new CfnOutput(this, 'DeliveryDeadLetterQueueUrl', {
      value: (handler ?? (external as NonNullable<typeof external>)).deliveryDeadLetterQueue.queueUrl,
      description:
        external?.url === undefined
          ? 'Events SNS could not deliver to the handler or queue'
          : 'Events SNS could not deliver to the HTTPS endpoint within its retries',
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: guard.monitoring.alarmTopic.topic.topicArn,
      description: 'SNS topic every alarm notifies on ALARM (and the critical ones on OK, docs/monitoring.md): subscribe chat, paging or more addresses here',
    });
    const events = guard.applicationEvents;
    if (events !== undefined) {
      new CfnOutput(this, 'EventBusName', {
        value: events.eventBus.eventBusName,
        description: 'EventBridge bus of the application events (source ses-bounce-guard)',
      });
      new CfnOutput(this, 'ChangeEventsFunctionName', {
        value: events.function.functionName,
        description: "The function that reads the table's stream (the smoke test checks its mapping reads the current stream)",
      });
      if (events.webhookSecret !== undefined)
        new CfnOutput(this, 'WebhookSecretArn', {
          value: events.webhookSecret.secretArn,
          description: 'The secret the webhook receives in its X-Ses-Bounce-Guard-Secret header',
        });
    }
  }
}

/**
 * The standalone stack's table name, as every version of it has named the table:
 * `<stack name>-SuppressionTable-<hash of the path>` (e.g. `SesBounceGuard-SuppressionTable-5FED48AA`).
 * Frozen: changing it would leave every existing deployment with a new, empty table.
 */
function standaloneTableName(table: SuppressionTable): string {
  return Names.uniqueResourceName(table, { maxLength: 255, separator: '-' });
}

export type { SesBounceGuardStackProps };
export { SesBounceGuardStack };
