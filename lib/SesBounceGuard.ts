import { Annotations, type Duration } from 'aws-cdk-lib';
import { type ITable, Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IVpc, SubnetSelection } from 'aws-cdk-lib/aws-ec2';
import type { IEventBus, IRuleTarget, Rule } from 'aws-cdk-lib/aws-events';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { DEFAULT_POLICY, type SuppressionPolicy } from '../src/domain/policy';
import { AccountSuppression } from './constructs/AccountSuppression';
import { ApplicationEvents, type ApplicationEventsOptions } from './constructs/ApplicationEvents';
import { adoptTableByName } from './constructs/adoptTableByName';
import { BounceHandler, type BounceHandlerProps } from './constructs/BounceHandler';
import { DEFAULT_LOG_RETENTION, DeliveryMode } from './constructs/constants';
import { createLogGroup } from './constructs/createLogGroup';
import { createLogKey } from './constructs/createLogKey';
import { ExternalReceiver, type ExternalReceiverKind } from './constructs/ExternalReceiver';
import { GuardOutputs, type GuardOutputsOptions, resolveOutputsPrefix } from './constructs/GuardOutputs';
import { GuardResourceProvider } from './constructs/GuardResourceProvider';
import { IdentityDefaultConfigurationSet } from './constructs/IdentityDefaultConfigurationSet';
import { Monitoring, type ReputationThresholds } from './constructs/Monitoring';
import { deploymentDimensionValue } from './constructs/monitoring/metrics';
import { ReputationMetrics } from './constructs/ReputationMetrics';
import { type AdditionalConfigurationSet, DEFAULT_CONFIGURATION_SET_NAME, SesEventPipeline } from './constructs/SesEventPipeline';
import { SuppressionTable, type SuppressionTableProps } from './constructs/SuppressionTable';
import { checkGuardProps } from './validation/checkGuardProps';

/** Settings of the configuration set {@link SesBounceGuard} creates. */
interface ConfigurationSetProps {
  /**
   * Its name: what senders pass as `ConfigurationSetName`.
   * @default 'txn-mail'
   */
  readonly configurationSetName?: string;
}

/** Queue mode's settings: the event source's, and who consumes the queue. */
interface GuardQueueOptions extends NonNullable<BounceHandlerProps['queueOptions']> {
  /**
   * `function`: the construct's function polls the queue. `external`: a worker of yours does
   * (`npx ses-bounce-guard worker`); no function is created.
   * @default 'function'
   */
  readonly consumer?: 'function' | 'external';
}

/** Properties of a {@link SesBounceGuard}. Every one is optional. */
interface SesBounceGuardProps {
  /**
   * Settings of the SES configuration set the construct creates (reputation metrics on,
   * configuration-set suppression of bounces and complaints). Not together with
   * {@link existingConfigurationSetName}.
   * @default - a configuration set named 'txn-mail'
   */
  readonly configurationSetProps?: ConfigurationSetProps;
  /**
   * Name of an SES configuration set that exists already and stays yours: the construct only adds
   * its BOUNCE and COMPLAINT event destination, and never deletes the set. It turns the set's
   * reputation metrics on (the configuration-set alarms watch them) and restores what it found when
   * the stack or the adoption goes; its suppression options stay yours.
   * Not together with {@link configurationSetProps}.
   * @default - the construct creates the configuration set
   */
  readonly existingConfigurationSetName?: string;
  /**
   * More configuration sets whose bounces and complaints go to the same topic and handler (e.g.
   * SES tenants' own sets), each created like the first (reputation alarms included) or, with
   * `existing: true`, adopted (destination only). See examples/tenants.
   * @default - none
   */
  readonly additionalConfigurationSets?: readonly AdditionalConfigurationSet[];
  /**
   * Settings of the suppression table the construct creates (on-demand, point-in-time recovery,
   * deletion protection, retained). Not together with {@link existingSuppressionTable}.
   * @default - see SuppressionTable
   */
  readonly suppressionTableProps?: SuppressionTableProps;
  /**
   * A suppression table that exists already: its partition key must be the string attribute
   * `email` and it must have no sort key. A `Table` made in the same app is checked at synth; an
   * imported one cannot be. With application events on (the default), the construct reads its
   * stream (view type NEW_AND_OLD_IMAGES), so import it with its stream ARN:
   * `Table.fromTableAttributes(this, 'T', { tableName, tableStreamArn })`. Not together with
   * {@link suppressionTableProps}.
   * @default - the construct creates the table
   */
  readonly existingSuppressionTable?: ITable;
  /**
   * Name of a suppression table that exists already, e.g. the one a destroyed stack retained, for
   * apps that configure by name. With application events on, a deploy-time `DescribeTable` finds
   * its stream (the table must still have one). Not together with {@link existingSuppressionTable}
   * or {@link suppressionTableProps}.
   * @default - the construct creates the table
   */
  readonly existingSuppressionTableName?: string;
  /**
   * Whether to turn on SES account-level suppression for bounces and complaints.
   * @default true
   */
  readonly accountSuppression?: boolean;
  /**
   * Existing SES identities (email addresses or domains) whose default configuration set becomes
   * this construct's.
   * @default - none
   */
  readonly identities?: readonly string[];
  /**
   * Make this construct's configuration set the default of each of {@link identities} even when
   * another configuration set is its default now.
   * @default false - the deployment fails, naming the identity and the set that holds its default
   */
  readonly forceIdentityDefaults?: boolean;
  /**
   * The bounce handler's memory, in MB.
   * @default 256
   */
  readonly handlerMemorySize?: number;
  /**
   * The bounce handler's timeout.
   * @default Duration.seconds(30)
   */
  readonly handlerTimeout?: Duration;
  /**
   * How long the log groups keep their events.
   * @default DEFAULT_LOG_RETENTION (RetentionDays.ONE_YEAR, the least AWS Control Tower's CT.CLOUDWATCH.PR.2 accepts)
   */
  readonly logRetention?: RetentionDays;
  /**
   * A VPC to run the bounce handler in (AWS Control Tower control CT.LAMBDA.PR.3). Its subnets must
   * have egress: the handler fetches SNS signing certificates from `sns.<region>.amazonaws.com`
   * and writes to DynamoDB, CloudWatch and X-Ray (NAT, or interface/gateway endpoints for each).
   * @default - no VPC; the control is acknowledged with its reason
   */
  readonly vpc?: IVpc;
  /**
   * Which subnets of {@link vpc} the handler uses.
   * @default - the VPC's private subnets with egress
   */
  readonly vpcSubnets?: SubnetSelection;
  /**
   * How SNS hands events to the handler: subscribed to the topic, or through an SQS queue.
   * @default DeliveryMode.DIRECT
   */
  readonly deliveryMode?: DeliveryMode;
  /**
   * Queue mode only: the event source's maximum concurrency, batch window and batch size, and who
   * consumes the queue: the construct's function, or (`consumer: 'external'`) a worker of yours
   * (`npx ses-bounce-guard worker`, see {@link SesBounceGuard.grantConsume}); then no function is
   * created and the event source settings do not apply.
   * @default - the function, 5 concurrent invocations, a 5 s window, 10 messages per batch
   */
  readonly queueOptions?: GuardQueueOptions;
  /**
   * Who SNS delivers to in direct mode: the construct's function, or an HTTPS endpoint of yours
   * (`ses-bounce-guard/http`, `npx ses-bounce-guard serve`), subscribed with raw delivery off,
   * SNS's longest retry policy (about an hour) and a dead-letter queue; then no function is created.
   * @default { kind: 'function' }
   */
  readonly subscriber?: { readonly kind: 'function' } | { readonly kind: 'https'; readonly url: string };
  /**
   * Soft-bounce escalation, DSN override and expiry, as the handler applies them; each field left
   * out keeps its default.
   * @default DEFAULT_POLICY - escalate at 3 transient bounces in 7 days, no DSN override, nothing expires
   */
  readonly policy?: Partial<SuppressionPolicy>;
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
   * The absolute URL of a docs folder holding the runbook (`monitoring.md`) that every alarm's
   * description links, e.g. your repository's rendered copy of this package's docs.
   * @default DEFAULT_RUNBOOK_BASE_URL - 'https://unpkg.com/ses-bounce-guard/docs', the docs the npm package ships
   */
  readonly runbookBaseUrl?: string;
  /**
   * Every status change of the table (`Address Suppressed`, `Address Unsuppressed`, optionally
   * `Soft Record Changed`) as an event on an EventBridge bus, and optionally on a webhook. See
   * docs/application-events.md.
   * @default - on: a new bus, no soft-record events, no webhook
   */
  readonly applicationEvents?: ApplicationEventsOptions;
  /**
   * Stack outputs of what operators and the CLI read: `<prefix>TableName`, `<prefix>TopicArn`,
   * `<prefix>ConfigurationSetName`, both dead-letter queues, the handler's name, ... (docs/construct.md,
   * "Stack outputs"), so that `smoke-test --stack <stack> --guard <prefix>` and the redrive recipes
   * work. `true` takes the construct's id as the prefix. Off unless asked for: output keys are
   * unique per stack, and the app may have outputs of its own.
   * @default - no outputs
   */
  readonly outputs?: boolean | GuardOutputsOptions;
}

/**
 * SES bounce and complaint handling in one construct: a configuration set (or yours) publishing
 * BOUNCE and COMPLAINT events to an encrypted SNS topic, a function that verifies each message and
 * writes the recipients to a DynamoDB suppression table (or yours), SES account settings, and
 * alarms on the SES reputation rates and on the pipeline's own health.
 *
 * @example
 * const guard = new SesBounceGuard(this, 'BounceGuard', {
 *   existingConfigurationSetName: 'my-set',
 *   existingSuppressionTable: Table.fromTableName(this, 'Suppressions', 'my-suppressions'),
 * });
 * guard.grantCheck(senderFunction);
 *
 * @throws InvalidPropsError listing every problem when props conflict or are invalid
 */
class SesBounceGuard extends Construct {
  /** The suppression table (created, or the one passed in). */
  readonly table: ITable;
  /** The created table's construct; `undefined` when an existing table was passed in. */
  readonly suppressionTable: SuppressionTable | undefined;
  /** The configuration set's name: what senders pass as `ConfigurationSetName`. */
  readonly configurationSetName: string;
  /** Configuration set, topic and topic key. */
  readonly eventPipeline: SesEventPipeline;
  /** The function, its two dead-letter queues and, in queue mode, its queue; `undefined` with an external receiver. */
  readonly bounceHandler: BounceHandler | undefined;
  /** The HTTPS subscription or the worker's queue, with their dead-letter queues; `undefined` when the function receives. */
  readonly externalReceiver: ExternalReceiver | undefined;
  /** The function and role behind the construct's custom resources; `undefined` when it has none. */
  readonly resourceProvider: GuardResourceProvider | undefined;
  /** The account-level suppression setting, `undefined` when turned off. */
  readonly accountSuppression: AccountSuppression | undefined;
  /** One per listed identity. */
  readonly identityDefaults: readonly IdentityDefaultConfigurationSet[];
  /** Alarms, their topic and the dashboard. */
  readonly monitoring: Monitoring;
  /** The table's changes as events; `undefined` when turned off. */
  readonly applicationEvents: ApplicationEvents | undefined;
  /** The key that encrypts every log group of the construct (see createLogKey). */
  readonly logKey: IKey;
  /** The stack outputs; `undefined` unless `outputs` asked for them. */
  readonly outputs: GuardOutputs | undefined;

  constructor(scope: Construct, id: string, props: SesBounceGuardProps = {}) {
    super(scope, id);
    const policy: SuppressionPolicy = { ...DEFAULT_POLICY, ...props.policy };
    checkGuardProps(props, policy, id);
    warnOfRiskySettings(this, policy);
    this.configurationSetName = props.existingConfigurationSetName ?? props.configurationSetProps?.configurationSetName ?? DEFAULT_CONFIGURATION_SET_NAME;

    const accountSuppression = props.accountSuppression ?? true;
    const identities = props.identities ?? [];
    const eventsOn = props.applicationEvents?.enabled !== false;
    const adoptByName = props.existingSuppressionTableName;
    const adoptSet = props.existingConfigurationSetName !== undefined;
    const needsCustomResources = accountSuppression || identities.length > 0 || (adoptByName !== undefined && eventsOn) || adoptSet;
    // One key for every log group of the construct.
    this.logKey = createLogKey(this, 'LogKey');
    // The construct's own provider, its role scoped to what its custom resources call.
    this.resourceProvider = needsCustomResources
      ? new GuardResourceProvider(this, 'ResourceProvider', {
          logGroup: createLogGroup(this, 'SesSettingsLogGroup', props.logRetention ?? DEFAULT_LOG_RETENTION, this.logKey),
        })
      : undefined;
    const provider = this.resourceProvider as GuardResourceProvider;

    const existingTable =
      props.existingSuppressionTable ??
      (adoptByName === undefined
        ? undefined
        : eventsOn
          ? adoptTableByName(this, adoptByName, provider)
          : Table.fromTableName(this, 'ExistingSuppressionTable', adoptByName));
    this.suppressionTable = existingTable === undefined ? new SuppressionTable(this, 'SuppressionTable', props.suppressionTableProps) : undefined;
    this.table = existingTable ?? (this.suppressionTable as SuppressionTable).table;
    this.eventPipeline = new SesEventPipeline(this, 'EventPipeline', {
      configurationSetName: this.configurationSetName,
      existingConfigurationSet: props.existingConfigurationSetName !== undefined,
      additionalConfigurationSets: props.additionalConfigurationSets,
    });
    const additionalSets = props.additionalConfigurationSets ?? [];
    const deployment = deploymentDimensionValue(this);
    const receiver = externalReceiverOf(props);
    this.externalReceiver = receiver === undefined ? undefined : new ExternalReceiver(this, 'ExternalReceiver', { topic: this.eventPipeline.topic, receiver });
    this.bounceHandler =
      receiver !== undefined
        ? undefined
        : new BounceHandler(this, 'BounceHandler', {
            deployment,
            logKey: this.logKey,
            vpc: props.vpc,
            vpcSubnets: props.vpcSubnets,
            table: this.table,
            topic: this.eventPipeline.topic,
            configurationSetName: this.eventPipeline.configurationSet.configurationSetName,
            additionalConfigurationSetNames: additionalSets.map((set) => set.configurationSetName),
            memorySize: props.handlerMemorySize,
            timeout: props.handlerTimeout,
            logRetention: props.logRetention,
            deliveryMode: props.deliveryMode,
            queueOptions: props.queueOptions,
            policy,
          });
    // A table encrypted with a customer-managed key (possible for an existing one) needs the key too.
    if (this.bounceHandler !== undefined) this.table.encryptionKey?.grantEncryptDecrypt(this.bounceHandler.function);

    this.accountSuppression = accountSuppression ? new AccountSuppression(this, 'AccountSuppression', { provider }) : undefined;
    this.identityDefaults = identities.map(
      (identity) =>
        new IdentityDefaultConfigurationSet(this, `IdentityDefault-${identity}`, {
          identity,
          configurationSet: this.eventPipeline.configurationSet,
          force: props.forceIdentityDefaults,
          provider,
        }),
    );
    if (adoptSet) new ReputationMetrics(this, 'ReputationMetrics', { provider, configurationSetName: this.configurationSetName });

    const events = props.applicationEvents ?? {};
    this.applicationEvents =
      events.enabled === false
        ? undefined
        : new ApplicationEvents(this, 'ApplicationEvents', {
            ...events,
            table: this.table,
            adoptedTable: existingTable !== undefined,
            logRetention: props.logRetention,
            logKey: this.logKey,
          });

    const handler = this.bounceHandler;
    const queueMode = handler?.deliveryMode === DeliveryMode.QUEUE;
    this.monitoring = new Monitoring(this, 'Monitoring', {
      // The literal name rather than the configuration set's token: the metric dimension and the
      // dashboard then read as the name senders use.
      configurationSetName: this.configurationSetName,
      additionalConfigurationSetNames: additionalSets.filter((set) => set.existing !== true).map((set) => set.configurationSetName),
      handler: handler?.function,
      deployment,
      deadLetterQueues: [
        ...(handler === undefined
          ? (this.externalReceiver as ExternalReceiver).deadLetterQueues
          : [
              {
                id: 'ProcessingDeadLetterQueue',
                description: queueMode
                  ? "events the handler failed on 5 times (the queue's dead-letter queue)"
                  : 'events the handler failed on after its retries',
                queue: handler.processingDeadLetterQueue,
              },
              { id: 'DeliveryDeadLetterQueue', description: 'events SNS could not deliver to the handler', queue: handler.deliveryDeadLetterQueue },
            ]),
        ...(this.applicationEvents?.deadLetterQueues ?? []),
      ],
      queue: handler?.queue ?? this.externalReceiver?.queue,
      reputationThresholds: props.reputationThresholds,
      alarmEmail: props.alarmEmail,
      runbookBaseUrl: props.runbookBaseUrl,
    });
    const outputsPrefix = resolveOutputsPrefix(props.outputs, id);
    this.outputs =
      outputsPrefix === undefined
        ? undefined
        : new GuardOutputs(this, 'Outputs', {
            prefix: outputsPrefix,
            tableName: this.table.tableName,
            eventPipeline: this.eventPipeline,
            bounceHandler: this.bounceHandler,
            externalReceiver: this.externalReceiver,
            monitoring: this.monitoring,
            applicationEvents: this.applicationEvents,
          });
  }

  /** The bus the application events are put on; `undefined` when they are turned off. */
  get eventBus(): IEventBus | undefined {
    return this.applicationEvents?.eventBus;
  }

  /**
   * Sends every `Address Suppressed` event to a target, in one line.
   *
   * @example
   * guard.onAddressSuppressed('FlagAccount', new targets.LambdaFunction(flagAccount));
   * @throws Error when application events are turned off
   */
  onAddressSuppressed(id: string, target: IRuleTarget): Rule {
    return this.#events().onAddressSuppressed(id, target);
  }

  /**
   * Sends every `Address Unsuppressed` event (operator removal, TTL expiry) to a target.
   * @throws Error when application events are turned off
   */
  onAddressUnsuppressed(id: string, target: IRuleTarget): Rule {
    return this.#events().onAddressUnsuppressed(id, target);
  }

  #events(): ApplicationEvents {
    if (this.applicationEvents === undefined)
      throw new Error('application events are turned off (applicationEvents.enabled is false): there is no bus to add a rule to');
    return this.applicationEvents;
  }

  /**
   * Grants what the sender library (`SuppressionChecker`, `GuardedSender`) needs to check
   * addresses: `GetItem` and `BatchGetItem` on the table, and decrypt on its key if it has a
   * customer-managed one. Sending itself (`ses:SendEmail`) is the sender's own grant.
   *
   * @param grantee - the sender's function, role or managed policy
   */
  grantCheck(grantee: IGrantable): Grant {
    const grant = this.table.grant(grantee, 'dynamodb:BatchGetItem', 'dynamodb:GetItem');
    this.table.encryptionKey?.grantDecrypt(grantee);
    return grant;
  }

  /**
   * Grants a worker of your own (`consumer: 'external'`, `npx ses-bounce-guard worker`) what it
   * needs on the queue: receive, delete, change visibility. Its writes to the table are
   * {@link grantOperate}'s or your own grant.
   * @throws Error unless the queue is consumed externally
   */
  grantConsume(grantee: IGrantable): Grant {
    if (this.externalReceiver?.queue === undefined)
      throw new Error("grantConsume: there is no queue for a worker (set deliveryMode 'queue' with queueOptions.consumer 'external')");
    return this.externalReceiver.grantConsume(grantee);
  }

  /**
   * Grants what the operator CLI needs: read, add, import, remove (with its audit item) and
   * export records; read and change the SES account suppression list (`sync-ses`, `remove
   * --also-ses`); move dead-letter messages back (`redrive`); read the stack's outputs and
   * metrics (`smoke-test`, which also needs `ses:SendEmail` for its sender: the sender's own grant).
   *
   * @param grantee - the operators' role or managed policy
   */
  grantOperate(grantee: IGrantable): Grant {
    const grant = this.table.grant(
      grantee,
      'dynamodb:BatchGetItem',
      'dynamodb:GetItem',
      'dynamodb:Scan',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      // remove writes its deletion and the audit item in one TransactWriteItems, which IAM
      // authorizes as its item actions.
      'dynamodb:DeleteItem',
      'dynamodb:ConditionCheckItem',
      'dynamodb:DescribeTable',
    );
    this.table.encryptionKey?.grantEncryptDecrypt(grantee);
    // The account-level suppression list has no resource type: IAM accepts only "*".
    Grant.addToPrincipal({
      grantee,
      actions: ['ses:ListSuppressedDestinations', 'ses:GetSuppressedDestination', 'ses:PutSuppressedDestination', 'ses:DeleteSuppressedDestination'],
      resourceArns: ['*'],
    });
    const handler = this.bounceHandler;
    const delivery = handler ?? (this.externalReceiver as ExternalReceiver);
    for (const queue of [delivery.processingDeadLetterQueue, delivery.deliveryDeadLetterQueue]) queue?.grantConsumeMessages(grantee);
    if (delivery.queue !== undefined) delivery.queue.grantSendMessages(grantee);
    else handler?.function.grantInvoke(grantee);
    if (handler !== undefined) Grant.addToPrincipal({ grantee, actions: ['lambda:GetFunctionConfiguration'], resourceArns: [handler.function.functionArn] });
    // smoke-test: the stack's outputs, the metrics and the event source mappings it reads. The
    // CloudWatch reads and lambda:ListEventSourceMappings have no resource type, so IAM accepts
    // only "*" for them; DescribeStacks shares the statement.
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html
    Grant.addToPrincipal({
      grantee,
      actions: ['cloudformation:DescribeStacks', 'cloudwatch:GetMetricStatistics', 'cloudwatch:ListMetrics', 'lambda:ListEventSourceMappings'],
      resourceArns: ['*'],
    });
    return grant;
  }
}

/** Who receives instead of the function, from the props; `undefined` for the function. */
function externalReceiverOf(props: SesBounceGuardProps): ExternalReceiverKind | undefined {
  if (props.subscriber?.kind === 'https') return { kind: 'https', url: props.subscriber.url };
  if (props.deliveryMode === DeliveryMode.QUEUE && props.queueOptions?.consumer === 'external') return { kind: 'queue' };
  return undefined;
}

/**
 * Settings that are valid but can mail addresses that should not be mailed: shown as synth
 * warnings (`cdk synth` prints them), so that they are chosen knowingly.
 */
function warnOfRiskySettings(scope: Construct, policy: SuppressionPolicy): void {
  const warn = (id: string, message: string) => Annotations.of(scope).addWarningV2(`ses-bounce-guard:${id}`, message);
  if (policy.suppressionTtlDays !== undefined) {
    warn(
      'suppressionTtlDays',
      `suppressionTtlDays is ${policy.suppressionTtlDays}: suppressions expire and those addresses are mailed again, bounces and complaints included`,
    );
  }
  if (policy.softRecordTtlDays !== undefined && policy.softBounceThreshold > 0 && policy.softRecordTtlDays < policy.softBounceWindowDays) {
    warn(
      'softRecordTtlDays',
      `softRecordTtlDays (${policy.softRecordTtlDays}) is shorter than softBounceWindowDays (${policy.softBounceWindowDays}): a soft record can expire before its transient bounces reach the escalation threshold`,
    );
  }
}

export type { AdditionalConfigurationSet, ConfigurationSetProps, GuardQueueOptions, SesBounceGuardProps };
export { SesBounceGuard };
