import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { ConfigurationSet, ConfigurationSetEventDestination, EmailSendingEvent, EventDestination, type IConfigurationSet, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { DEFAULT_CONFIGURATION_SET as DEFAULT_CONFIGURATION_SET_NAME } from '../../src/sender/constants';

/** Properties of a {@link SesEventPipeline}. */
interface SesEventPipelineProps {
  /**
   * Name of the configuration set that senders put on every message.
   * @default DEFAULT_CONFIGURATION_SET_NAME ('txn-mail')
   */
  readonly configurationSetName?: string;
  /**
   * Whether the configuration set named {@link configurationSetName} exists already, made and owned
   * outside this construct: then only the event destination is added to it, and its reputation
   * metrics and suppression options stay as its owner set them.
   * @default false - the construct creates the configuration set
   */
  readonly existingConfigurationSet?: boolean;
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
  readonly configurationSet: IConfigurationSet;

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

    const configurationSetName = props.configurationSetName ?? DEFAULT_CONFIGURATION_SET_NAME;
    this.configurationSet = props.existingConfigurationSet
      ? ConfigurationSet.fromConfigurationSetName(this, 'ConfigurationSet', configurationSetName)
      : new ConfigurationSet(this, 'ConfigurationSet', {
          configurationSetName,
          // The L2's docstring says true but it renders false unless set.
          reputationMetrics: true,
          suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
        });
    // The destination also writes the topic policy that lets SES publish, conditioned on this
    // account and this configuration set; it works the same on an imported set.
    new ConfigurationSetEventDestination(this, 'BounceComplaintTopic', {
      configurationSet: this.configurationSet,
      destination: EventDestination.snsTopic(this.topic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
  }
}

export { DEFAULT_CONFIGURATION_SET_NAME, SesEventPipeline };
export type { SesEventPipelineProps };
