import { Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { createKey } from '../createKey';
import { planTopic, publishToEncryptedTopicStatement } from '../topicKeyPolicy';

/** Properties of an {@link AlarmTopic}. */
interface AlarmTopicProps {
  /**
   * An address that receives the alarms' notifications (docs/monitoring.md). SNS mails it a confirmation
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
  /** The topic's ARN as planned before the topic exists, so that the key policy can name it without a cycle. */
  readonly #plannedTopicArn: string;

  constructor(scope: Construct, id: string, props: AlarmTopicProps = {}) {
    super(scope, id);
    const { account, region, partition } = Stack.of(this);
    // Named up front so that the key policy can name the topic (see planTopic).
    const planned = planTopic(this);
    this.#plannedTopicArn = planned.topicArn;

    this.key = createKey(this, 'Key', 'Encrypts the ses-bounce-guard alarm topic');
    // CloudWatch publishing to an encrypted topic needs kms:GenerateDataKey* and kms:Decrypt on its
    // key: https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
    // Restricted to this topic by the encryption context SNS sets for every message; which alarms
    // may publish at all is the topic policy's job (below).
    this.key.addToResourcePolicy(
      publishToEncryptedTopicStatement('AllowCloudWatchAlarmsToPublishToTheEncryptedTopic', 'cloudwatch.amazonaws.com', planned.topicArn),
    );

    this.topic = new Topic(this, 'Topic', { topicName: planned.topicName, masterKey: this.key, enforceSSL: true });
    // The topic gets a resource policy (enforceSSL), which replaces SNS's default one: CloudWatch
    // must be allowed explicitly, and only for alarms of this account and region (aws:SourceArn on
    // sns:Publish, as SNS documents for CloudWatch alarms):
    // https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html
    const fromOwnAlarms = {
      StringEquals: { 'aws:SourceAccount': account },
      ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${account}:alarm:*` },
    };
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

  /**
   * Lets another AWS service's publishes to the topic use its key (SNS encrypts with it on the
   * publisher's behalf), restricted to this topic by the encryption context.
   * @param sid - the statement's id
   * @param service - the publishing service principal, e.g. `events.amazonaws.com`
   */
  allowServiceToPublish(sid: string, service: string): void {
    this.key.addToResourcePolicy(publishToEncryptedTopicStatement(sid, service, this.#plannedTopicArn));
  }
}

export type { AlarmTopicProps };
export { AlarmTopic };
