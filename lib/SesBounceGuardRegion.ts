import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import { type ITable, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { DEFAULT_POLICY, policyProblems, type SuppressionPolicy } from '../src/domain/policy';
import { AccountSuppression } from './constructs/AccountSuppression';
import { BounceHandler } from './constructs/BounceHandler';
import { DEFAULT_LOG_RETENTION, DeliveryMode } from './constructs/constants';
import { createLogGroup } from './constructs/createLogGroup';
import { createLogKey } from './constructs/createLogKey';
import { GuardResourceProvider } from './constructs/GuardResourceProvider';
import { Monitoring } from './constructs/Monitoring';
import { deploymentDimensionValue } from './constructs/monitoring/metrics';
import { reputationThresholdProblems, resolveReputationThresholds } from './constructs/monitoring/reputationThresholds';
import { ReputationMetrics } from './constructs/ReputationMetrics';
import { DEFAULT_CONFIGURATION_SET_NAME, SesEventPipeline } from './constructs/SesEventPipeline';
import type { SesBounceGuardProps } from './SesBounceGuard';
import { CONFIGURATION_SET_NAME_PATTERN, CONFIGURATION_SET_NAME_RULE } from './validation/configurationSetName';
import { InvalidPropsError } from './validation/InvalidPropsError';

/**
 * Properties of a {@link SesBounceGuardRegion}: where the home table is, and the regional settings
 * `SesBounceGuard` takes too (each with the same default).
 */
interface SesBounceGuardRegionProps
  extends Pick<
    SesBounceGuardProps,
    | 'configurationSetProps'
    | 'existingConfigurationSetName'
    | 'accountSuppression'
    | 'handlerMemorySize'
    | 'handlerTimeout'
    | 'logRetention'
    | 'vpc'
    | 'vpcSubnets'
    | 'deliveryMode'
    | 'queueOptions'
    | 'policy'
    | 'reputationThresholds'
    | 'alarmEmail'
    | 'runbookBaseUrl'
  > {
  /**
   * The home region: where the suppression table is (the `SesBounceGuard` whose
   * `suppressionTableProps.replicaRegions` lists this stack's region). Every write goes there.
   */
  readonly homeRegion: string;
  /** The home table's name, e.g. `Mail-Prod-suppressions` (`guard.table.tableName` of the home stack). */
  readonly suppressionTableName: string;
}

/**
 * ses-bounce-guard in a second SES region, writing to the home region's table. SES is regional:
 * each region publishes its own events, keeps its own account suppression list and its own
 * reputation metrics. This construct deploys what belongs to its region (the configuration set,
 * the encrypted topic, the bounce handler, the account-suppression setting, the reputation and
 * pipeline alarms) and no table: its handler writes to the home table in {@link
 * SesBounceGuardRegionProps.homeRegion}, whose replica in this region the senders here read.
 *
 * Why every write goes to one region: DynamoDB global tables resolve concurrent writes to one item
 * in different regions by last writer wins
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html),
 * while the handler's writes are conditional updates that merge each event into the item as it
 * stands. Two regions each merging into their own replica would overwrite each other's merge;
 * one region, with its conditions, keeps every event (docs/regions.md).
 *
 * @example
 * new SesBounceGuardRegion(usStack, 'BounceGuard', {
 *   homeRegion: 'eu-west-1',
 *   suppressionTableName: 'Mail-Prod-suppressions',
 * });
 *
 * @throws InvalidPropsError listing every problem when props conflict or are invalid
 */
class SesBounceGuardRegion extends Construct {
  /** The home region's suppression table, as this region's handler writes to it. */
  readonly table: ITable;
  /** The table's replica in this stack's region, as the senders here read it. */
  readonly localReplica: ITable;
  /** The home region. */
  readonly homeRegion: string;
  /** The configuration set's name in this region: what senders here pass as `ConfigurationSetName`. */
  readonly configurationSetName: string;
  /** Configuration set, topic and topic key of this region. */
  readonly eventPipeline: SesEventPipeline;
  /** The function, its two dead-letter queues and, in queue mode, its queue. */
  readonly bounceHandler: BounceHandler;
  /** The function behind the construct's custom resources; `undefined` when it has none. */
  readonly resourceProvider: GuardResourceProvider | undefined;
  /** This region's account-level suppression setting, `undefined` when turned off. */
  readonly accountSuppression: AccountSuppression | undefined;
  /** This region's alarms, their topic and the dashboard. */
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: SesBounceGuardRegionProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const policy: SuppressionPolicy = { ...DEFAULT_POLICY, ...props.policy };
    checkProps(props, policy, stack.region);
    this.homeRegion = props.homeRegion;
    this.configurationSetName = props.existingConfigurationSetName ?? props.configurationSetProps?.configurationSetName ?? DEFAULT_CONFIGURATION_SET_NAME;
    const accountSuppression = props.accountSuppression ?? true;
    const adoptSet = props.existingConfigurationSetName !== undefined;

    const logKey = createLogKey(this, 'LogKey');
    this.resourceProvider =
      accountSuppression || adoptSet
        ? new GuardResourceProvider(this, 'ResourceProvider', {
            logGroup: createLogGroup(this, 'SesSettingsLogGroup', props.logRetention ?? DEFAULT_LOG_RETENTION, logKey),
          })
        : undefined;
    const provider = this.resourceProvider as GuardResourceProvider;

    // The home table by its ARN in the home region: the handler's one IAM statement names it, and
    // its DynamoDB client targets that region (SUPPRESSION_TABLE_REGION).
    this.table = Table.fromTableAttributes(this, 'HomeTable', {
      tableArn: stack.formatArn({
        region: props.homeRegion,
        service: 'dynamodb',
        resource: 'table',
        resourceName: props.suppressionTableName,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      }),
    });
    this.localReplica = Table.fromTableAttributes(this, 'LocalReplica', { tableName: props.suppressionTableName });
    this.eventPipeline = new SesEventPipeline(this, 'EventPipeline', { configurationSetName: this.configurationSetName, existingConfigurationSet: adoptSet });
    const deployment = deploymentDimensionValue(this);
    this.bounceHandler = new BounceHandler(this, 'BounceHandler', {
      deployment,
      logKey,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      table: this.table,
      tableRegion: props.homeRegion,
      topic: this.eventPipeline.topic,
      configurationSetName: this.eventPipeline.configurationSet.configurationSetName,
      memorySize: props.handlerMemorySize,
      timeout: props.handlerTimeout,
      logRetention: props.logRetention,
      deliveryMode: props.deliveryMode,
      queueOptions: props.queueOptions,
      policy,
    });

    // SES's account-level suppression list is per region: this region's needs turning on too.
    this.accountSuppression = accountSuppression ? new AccountSuppression(this, 'AccountSuppression', { provider }) : undefined;
    if (adoptSet) new ReputationMetrics(this, 'ReputationMetrics', { provider, configurationSetName: this.configurationSetName });

    const queueMode = this.bounceHandler.deliveryMode === DeliveryMode.QUEUE;
    this.monitoring = new Monitoring(this, 'Monitoring', {
      configurationSetName: this.configurationSetName,
      handler: this.bounceHandler.function,
      deployment,
      deadLetterQueues: [
        {
          id: 'ProcessingDeadLetterQueue',
          description: queueMode ? "events the handler failed on 5 times (the queue's dead-letter queue)" : 'events the handler failed on after its retries',
          queue: this.bounceHandler.processingDeadLetterQueue,
        },
        { id: 'DeliveryDeadLetterQueue', description: 'events SNS could not deliver to the handler', queue: this.bounceHandler.deliveryDeadLetterQueue },
      ],
      queue: this.bounceHandler.queue,
      reputationThresholds: props.reputationThresholds,
      alarmEmail: props.alarmEmail,
      runbookBaseUrl: props.runbookBaseUrl,
    });
  }

  /**
   * Grants what the sender library needs to check addresses in this region: `GetItem` and
   * `BatchGetItem` on the table's local replica. Senders read the replica of their own region
   * (build `SuppressionChecker`'s client for it); a check never crosses a region.
   *
   * @param grantee - the sender's function, role or managed policy
   */
  grantCheck(grantee: IGrantable): Grant {
    return Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:BatchGetItem', 'dynamodb:GetItem'],
      resourceArns: [this.localReplica.tableArn],
    });
  }
}

/** An AWS region name, e.g. `eu-west-1`. */
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

/** Every conflict and invalid value in props, in one error. */
function checkProps(props: SesBounceGuardRegionProps, policy: SuppressionPolicy, stackRegion: string): void {
  const problems: string[] = [...policyProblems(policy), ...reputationThresholdProblems(resolveReputationThresholds(props.reputationThresholds))];
  if (Token.isUnresolved(props.homeRegion) || !REGION.test(props.homeRegion)) {
    problems.push(`homeRegion must be an AWS region name such as eu-west-1 (got ${JSON.stringify(props.homeRegion)})`);
  } else if (!Token.isUnresolved(stackRegion) && stackRegion === props.homeRegion) {
    problems.push(
      `homeRegion is this stack's own region (${stackRegion}): the home region holds the table, so deploy SesBounceGuard there and SesBounceGuardRegion only in the other regions`,
    );
  }
  if (props.suppressionTableName.trim() === '') problems.push('suppressionTableName must name the home table');
  if (props.existingConfigurationSetName !== undefined && props.configurationSetProps !== undefined) {
    problems.push(
      'existingConfigurationSetName and configurationSetProps cannot both be set: pass the name of the set to adopt, or the settings of the set to create',
    );
  }
  const name = props.existingConfigurationSetName ?? props.configurationSetProps?.configurationSetName;
  if (name !== undefined && !Token.isUnresolved(name) && !CONFIGURATION_SET_NAME_PATTERN.test(name)) {
    problems.push(`configuration set name ${JSON.stringify(name)} ${CONFIGURATION_SET_NAME_RULE}`);
  }
  if (problems.length > 0) throw new InvalidPropsError('SesBounceGuardRegion', problems);
}

export type { SesBounceGuardRegionProps };
export { SesBounceGuardRegion };
