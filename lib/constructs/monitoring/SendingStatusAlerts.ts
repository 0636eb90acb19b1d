import { Rule } from 'aws-cdk-lib/aws-events';
import { SnsTopic } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { DeadLetterQueue } from '../DeadLetterQueue';
import type { AlarmTopic } from './AlarmTopic';
import type { WatchedDeadLetterQueue } from './createPipelineAlarms';

/**
 * The events SES puts on the account's default EventBridge bus when its sending status changes,
 * for the account in the Region or for one tenant: `Sending Status Disabled` (SES paused sending,
 * by itself after a review, or an operator did) and `Sending Status Enabled` (sending resumed).
 * https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-ses.html
 */
const SendingStatusDetailType = {
  DISABLED: 'Sending Status Disabled',
  ENABLED: 'Sending Status Enabled',
} as const;

/** Properties of a {@link SendingStatusAlerts}. */
interface SendingStatusAlertsProps {
  /** The alarm topic the events go to; EventBridge is let use its key. */
  readonly alarmTopic: AlarmTopic;
}

/**
 * Sends SES's sending-status events to the alarm topic as they happen: a pause is known at once,
 * not hours later when the rate alarms' data stops. One rule on the default bus (where AWS
 * services put their events), its target retried by EventBridge and dead-lettered when the topic
 * cannot take it.
 */
class SendingStatusAlerts extends Construct {
  /** The rule on the default bus. */
  readonly rule: Rule;
  /** What EventBridge could not publish to the topic, watched like every dead-letter queue. */
  readonly deadLetterQueue: WatchedDeadLetterQueue;

  constructor(scope: Construct, id: string, props: SendingStatusAlertsProps) {
    super(scope, id);
    // SNS encrypts with the topic's key on the publisher's behalf, so EventBridge needs the key:
    // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html
    props.alarmTopic.allowServiceToPublish('AllowEventBridgeToPublishToTheEncryptedTopic', 'events.amazonaws.com');
    const queue = new DeadLetterQueue(this, 'DeadLetterQueue').queue;
    // The target gets the topic by ARN: given the Topic, CDK would add its own key statement for
    // EventBridge without the encryption-context condition, and a topic policy statement open to
    // every rule of every account. Both are written here, narrower.
    const topic = props.alarmTopic.topic;
    this.rule = new Rule(this, 'Rule', {
      description: 'ses-bounce-guard: SES paused or resumed sending (account or tenant)',
      eventPattern: { source: ['aws.ses'], detailType: Object.values(SendingStatusDetailType) },
      targets: [new SnsTopic(Topic.fromTopicArn(this, 'AlarmTopic', topic.topicArn), { deadLetterQueue: queue })],
    });
    // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html (SNS permissions)
    topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowSendingStatusRuleToPublish',
        principals: [new ServicePrincipal('events.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: { ArnEquals: { 'aws:SourceArn': this.rule.ruleArn } },
      }),
    );
    this.deadLetterQueue = {
      id: 'SendingStatusDeadLetterQueue',
      description: 'SES sending-status events EventBridge could not publish to the alarm topic',
      queue,
    };
  }
}

export type { SendingStatusAlertsProps };
export { SendingStatusAlerts, SendingStatusDetailType };
