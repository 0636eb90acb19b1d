import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { ManagedPolicy } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { DeliveryMode } from './constructs/constants';
import { SesBounceGuardRegion, type SesBounceGuardRegionProps } from './SesBounceGuardRegion';

/** Properties of a {@link SesBounceGuardRegionStack}: the stack's own, and the construct's. */
interface SesBounceGuardRegionStackProps extends StackProps {
  /** Everything {@link SesBounceGuardRegion} takes: at least the home region and table name. */
  readonly guard: SesBounceGuardRegionProps;
}

/**
 * A second region's stack: one {@link SesBounceGuardRegion}, a managed policy for the senders of
 * this region (their local replica), and the outputs the CLI's `smoke-test --region` reads, under
 * the names the home stack uses, plus `TableRegion` (the home region, where every write goes).
 */
class SesBounceGuardRegionStack extends Stack {
  /** The construct holding every resource. */
  readonly guard: SesBounceGuardRegion;
  /** What a sender of this region needs to check addresses (`SenderPolicyArn`). */
  readonly senderPolicy: ManagedPolicy;

  constructor(scope: Construct, id: string, props: SesBounceGuardRegionStackProps) {
    super(scope, id, props);
    this.guard = new SesBounceGuardRegion(this, 'Guard', props.guard);
    const guard = this.guard;
    const handler = guard.bounceHandler;
    this.senderPolicy = new ManagedPolicy(this, 'SenderPolicy', {
      description: "ses-bounce-guard: check addresses against this region's replica of the suppression table before sending",
    });
    guard.grantCheck(this.senderPolicy);

    new CfnOutput(this, 'TopicArn', {
      value: guard.eventPipeline.topic.topicArn,
      description: "SNS topic SES publishes this region's bounces and complaints to",
    });
    new CfnOutput(this, 'TableName', {
      value: guard.table.tableName,
      description: "The suppression table: its replica here, which senders read; writes go to TableRegion's",
    });
    new CfnOutput(this, 'TableRegion', { value: guard.homeRegion, description: 'The home region: the handler and every operator write go to its table' });
    new CfnOutput(this, 'ConfigurationSetName', {
      value: guard.eventPipeline.configurationSet.configurationSetName,
      description: 'SES configuration set to send with in this region',
    });
    new CfnOutput(this, 'SenderPolicyArn', {
      value: this.senderPolicy.managedPolicyArn,
      description: "Managed policy to attach to this region's sender roles: GetItem and BatchGetItem on the local replica",
    });
    if (handler.queue !== undefined) {
      new CfnOutput(this, 'QueueUrl', { value: handler.queue.queueUrl, description: 'The queue between the topic and the handler (queue mode)' });
    }
    new CfnOutput(this, 'ProcessingDeadLetterQueueUrl', {
      value: handler.processingDeadLetterQueue.queueUrl,
      description:
        handler.deliveryMode === DeliveryMode.QUEUE
          ? "The queue's dead-letter queue: SNS envelopes that failed 5 receives (redrive --target <QueueUrl>)"
          : 'Invocation records of events the handler failed on after its retries (redrive --function <name>)',
    });
    new CfnOutput(this, 'DeliveryDeadLetterQueueUrl', {
      value: handler.deliveryDeadLetterQueue.queueUrl,
      description: 'Events SNS could not deliver to the handler',
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: guard.monitoring.alarmTopic.topic.topicArn, description: "SNS topic this region's alarms notify" });
  }
}

export type { SesBounceGuardRegionStackProps };
export { SesBounceGuardRegionStack };
