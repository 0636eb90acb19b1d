import { Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/** Properties of an {@link AlarmTopic}. */
interface AlarmTopicProps {
  /**
   * An address that receives every alarm's ALARM and OK notifications. SNS mails it a confirmation
   * link first: nothing is delivered until someone clicks it.
   * @default - no subscription; subscribe whatever you use (chat, paging) to the topic yourself
   */
  readonly email?: string;
}

/**
 * The encrypted SNS topic every alarm notifies.
 *
 * The key is customer-managed because CloudWatch alarms cannot publish to a topic encrypted with
 * the AWS-managed `alias/aws/sns` key: its policy cannot be changed to let
 * `cloudwatch.amazonaws.com` use it, and the alarm action then fails with a KMS AccessDenied.
 */
class AlarmTopic extends Construct {
  /** The topic. */
  readonly topic: Topic;
  /** The key that encrypts the topic. */
  readonly key: Key;
  /** The email subscription, `undefined` when no address was given. */
  readonly emailSubscription: EmailSubscription | undefined;

  constructor(scope: Construct, id: string, props: AlarmTopicProps = {}) {
    super(scope, id);
    const { account, region, partition } = Stack.of(this);
    // Only alarms of this account and region: no other account's alarm can use the key or topic.
    const fromOwnAlarms = {
      StringEquals: { 'aws:SourceAccount': account },
      ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${account}:alarm:*` },
    };

    this.key = new Key(this, 'Key', {
      description: 'Encrypts the ses-bounce-guard alarm topic',
      enableKeyRotation: true,
    });
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublishToTheEncryptedTopic',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        // In a key policy, "*" is this key.
        resources: ['*'],
        conditions: fromOwnAlarms,
      }),
    );

    this.topic = new Topic(this, 'Topic', { masterKey: this.key, enforceSSL: true });
    // The topic gets a resource policy (enforceSSL), which replaces SNS's default one: CloudWatch
    // must be allowed explicitly.
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: fromOwnAlarms,
      }),
    );

    this.emailSubscription = props.email === undefined ? undefined : new EmailSubscription(props.email);
    if (this.emailSubscription !== undefined) {
      const subscription = this.topic.addSubscription(this.emailSubscription);
      Validations.of(subscription).acknowledge({
        id: 'Serverless::Serverless-SNSRedrivePolicy',
        reason:
          'A lost alarm email loses no data: the alarm state stays in CloudWatch and on the dashboard. A dead-letter queue here would need its own alarm, which could only notify this same topic.',
      });
    }
  }
}

export { AlarmTopic };
export type { AlarmTopicProps };
