import { type CfnResource, RemovalPolicy } from 'aws-cdk-lib';
import type { Key } from 'aws-cdk-lib/aws-kms';
import {
  ConfigurationSet,
  ConfigurationSetEventDestination,
  EmailSendingEvent,
  EventDestination,
  type IConfigurationSet,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { DEFAULT_CONFIGURATION_SET as DEFAULT_CONFIGURATION_SET_NAME } from '../../src/sender/constants';
import { createKey } from './createKey';
import { planTopic, publishToEncryptedTopicStatement } from './topicKeyPolicy';

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
  /**
   * More configuration sets whose BOUNCE and COMPLAINT events go to the same topic, e.g. the
   * tenants' own sets: each created like the first (or adopted, destination only).
   * @default - none
   */
  readonly additionalConfigurationSets?: readonly AdditionalConfigurationSet[];
}

/** A further configuration set that publishes to the guard's topic. */
interface AdditionalConfigurationSet {
  /** Its name: what those senders pass as `ConfigurationSetName`. */
  readonly configurationSetName: string;
  /**
   * Whether the set exists already and stays its owner's: only the event destination is added, as
   * for `existingConfigurationSetName` (its reputation metrics and suppression options untouched).
   * @default false - the construct creates it, as it creates the first
   */
  readonly existing?: boolean;
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
  /** The additional configuration sets, in the order given. */
  readonly additionalConfigurationSets: readonly IConfigurationSet[];

  constructor(scope: Construct, id: string, props: SesEventPipelineProps = {}) {
    super(scope, id);
    // Named up front so that the key policy can name the topic (see planTopic).
    const planned = planTopic(this);

    this.topicKey = createKey(this, 'TopicKey', 'Encrypts the SES bounce and complaint event topic');
    // SES's guide gives the statement for ses.amazonaws.com (kms:GenerateDataKey* and kms:Decrypt on
    // the topic's key), without a condition:
    // https://docs.aws.amazon.com/ses/latest/dg/event-publishing-add-event-destination-sns.html
    // Restricted here to this topic by the encryption context SNS sets, not by aws:SourceAccount,
    // which no page documents for SES's KMS calls (see publishToEncryptedTopicStatement). Which
    // account's SES may publish at all is the topic policy's job (source account and
    // configuration set, below).
    this.topicKey.addToResourcePolicy(publishToEncryptedTopicStatement('AllowSesToPublishToTheEncryptedTopic', 'ses.amazonaws.com', planned.topicArn));

    this.topic = new Topic(this, 'Topic', {
      topicName: planned.topicName,
      masterKey: this.topicKey,
      enforceSSL: true,
    });

    // The configuration set's name is fixed (senders pass it), so a set of that name that exists
    // already, made by hand or retained from an earlier stack, fails the deployment with SES's
    // ConfigurationSetAlreadyExists ("could not be created because of a naming conflict"):
    // https://docs.aws.amazon.com/goto/WebAPI/email/CreateConfigurationSet
    // Adopt it instead with existingConfigurationSet (docs/deploy.md).
    const configurationSetName = props.configurationSetName ?? DEFAULT_CONFIGURATION_SET_NAME;
    this.configurationSet = this.#attach('', configurationSetName, props.existingConfigurationSet === true);
    this.additionalConfigurationSets = (props.additionalConfigurationSets ?? []).map((set) =>
      this.#attach(`-${set.configurationSetName}`, set.configurationSetName, set.existing === true),
    );
  }

  /** Creates or adopts one configuration set and adds the topic as its destination; ids get `suffix` (none for the first, so its ids never change). */
  #attach(suffix: string, configurationSetName: string, existing: boolean): IConfigurationSet {
    let configurationSet: IConfigurationSet;
    if (existing) {
      configurationSet = ConfigurationSet.fromConfigurationSetName(this, `ConfigurationSet${suffix}`, configurationSetName);
    } else {
      const created = new ConfigurationSet(this, `ConfigurationSet${suffix}`, {
        configurationSetName,
        // The L2's docstring says true but it renders false unless set.
        reputationMetrics: true,
        suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      });
      // Retained, like the table: every sender names the set in each send, so deleting it (a
      // stack delete, adopting it by name, a new name) would fail their sends. A redeploy after
      // `cdk destroy` then collides on the name and adopts it (docs/deploy.md).
      (created.node.defaultChild as CfnResource).applyRemovalPolicy(RemovalPolicy.RETAIN);
      configurationSet = created;
    }
    // The destination also writes the topic policy that lets SES publish, conditioned on this
    // account and this configuration set; it works the same on an imported set.
    new ConfigurationSetEventDestination(this, `BounceComplaintTopic${suffix}`, {
      configurationSet,
      destination: EventDestination.snsTopic(this.topic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    return configurationSet;
  }
}

export type { AdditionalConfigurationSet, SesEventPipelineProps };
export { DEFAULT_CONFIGURATION_SET_NAME, SesEventPipeline };
