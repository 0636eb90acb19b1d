import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { ConfigurationSet, EmailSendingEvent, EventDestination, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** Properties of a {@link SesEventPipeline}. */
interface SesEventPipelineProps {
  /**
   * Name of the configuration set that senders put on every message.
   * @default 'txn-mail'
   */
  readonly configurationSetName?: string;
}

/**
 * The SES side of the pipeline: a configuration set that publishes every BOUNCE and COMPLAINT
 * event to an encrypted SNS topic.
 *
 * The topic's key is customer-managed because SES cannot use the AWS-managed `alias/aws/sns` key:
 * its policy cannot be changed to let `ses.amazonaws.com` encrypt.
 */
class SesEventPipeline extends Construct {
  /** The topic SES publishes bounce and complaint events to. */
  readonly topic: Topic;
  /** The key that encrypts the topic. */
  readonly topicKey: Key;
  /** The configuration set senders use. */
  readonly configurationSet: ConfigurationSet;

  constructor(scope: Construct, id: string, props: SesEventPipelineProps = {}) {
    super(scope, id);
    const account = Stack.of(this).account;

    this.topicKey = new Key(this, 'TopicKey', {
      description: 'Encrypts the SES bounce and complaint event topic',
      enableKeyRotation: true,
    });
    this.topicKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowSesToPublishToTheEncryptedTopic',
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        // In a key policy, "*" is this key.
        resources: ['*'],
        // Only SES acting for this account: another account's configuration set cannot use it.
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );

    this.topic = new Topic(this, 'Topic', {
      masterKey: this.topicKey,
      enforceSSL: true,
    });

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: props.configurationSetName ?? 'txn-mail',
      // The L2's docstring says true but it renders false unless set.
      reputationMetrics: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    // The L2 also writes the topic policy that lets SES publish, conditioned on this account and
    // this configuration set.
    this.configurationSet.addEventDestination('BounceComplaintTopic', {
      destination: EventDestination.snsTopic(this.topic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
  }
}

export { SesEventPipeline };
export type { SesEventPipelineProps };
