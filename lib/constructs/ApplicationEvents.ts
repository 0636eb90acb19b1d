import { Duration, SecretValue, Token, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { ApiDestination, Authorization, Connection, EventBus, HttpMethod, type IEventBus, type IRuleTarget, Rule } from 'aws-cdk-lib/aws-events';
import { ApiDestination as ApiDestinationTarget } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Function as LambdaFunction, Runtime, StartingPosition, Tracing } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import { changeEventsEnvironment } from '../../src/contract/changeEventsEnvironment';
import { DetailType, EVENT_SOURCE } from '../../src/events/constants';
import { WEBHOOK_SECRET_HEADER } from '../../src/events/webhook';
import { functionCode } from '../bundling/functionCode';
import { acknowledgeControl, GuardRule } from '../nag/acknowledgeControl';
import { InvalidPropsError } from '../validation/InvalidPropsError';
import { webhookUrlProblem } from '../validation/webhookUrl';
import { DEFAULT_LOG_RETENTION } from './constants';
import { createLogGroup } from './createLogGroup';
import { createLogKey } from './createLogKey';
import { DeadLetterQueue } from './DeadLetterQueue';
import type { WatchedDeadLetterQueue } from './monitoring/createPipelineAlarms';

/** What a user of {@link SesBounceGuard} chooses about application events. */
interface ApplicationEventsOptions {
  /**
   * Whether every status change of the suppression table becomes an event. Off, the table's
   * stream is still on (it costs nothing unread) and nothing reads it.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * An event bus to put the events on instead of one the construct creates (e.g. your
   * application's bus). The construct adds rules to it (the webhook) and never deletes it.
   * @default - a new event bus
   */
  readonly existingEventBus?: IEventBus;
  /**
   * Also publish `Soft Record Changed` (transient bounces, not-spam complaints). High volume.
   * @default false
   */
  readonly softRecordEvents?: boolean;
  /**
   * An HTTPS URL that receives every event as a POST (the EventBridge event as JSON body) with the
   * header {@link WEBHOOK_SECRET_HEADER} set to the webhook secret. For apps outside AWS.
   * @default - no webhook
   */
  readonly webhookUrl?: string;
  /**
   * The secret sent in the webhook header: the secret's whole string value. Used only with
   * {@link webhookUrl}.
   * @default - a secret of 40 random letters and digits, created with the webhook
   */
  readonly webhookSecret?: ISecret;
  /**
   * The version id of the webhook secret to send (what `aws secretsmanager put-secret-value`
   * returns as `VersionId`). CloudFormation reads a secret through a dynamic reference only when
   * the resource that holds the reference is created or updated, so a new secret value alone never
   * reaches the connection; naming the new version changes the reference, and so the connection,
   * which then reads that version. The rotation procedure is in docs/application-events.md. Used
   * only with {@link webhookUrl}.
   * @default - the version staged AWSCURRENT when the connection was last created or updated
   */
  readonly webhookSecretVersion?: string;
}

/**
 * A Secrets Manager version id: 32 to 64 characters (a UUID, as Secrets Manager makes them).
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html
 */
const SECRET_VERSION_ID = /^[A-Za-z0-9-]{32,64}$/;

/** Properties of an {@link ApplicationEvents}. */
interface ApplicationEventsProps extends Omit<ApplicationEventsOptions, 'enabled'> {
  /** The suppression table; it must have a stream with new and old images (`tableStreamArn`). */
  readonly table: ITable;
  /**
   * Whether the table existed before this stack (adopted): its stream then holds up to 24 hours
   * of changes already acted on, and the mapping starts at the stream's newest record (`LATEST`)
   * instead of its oldest (`TRIM_HORIZON`).
   * @default false
   */
  readonly adoptedTable?: boolean;
  /**
   * How long the function's log group keeps its events.
   * @default DEFAULT_LOG_RETENTION (RetentionDays.THREE_MONTHS)
   */
  readonly logRetention?: RetentionDays;
  /**
   * The key that encrypts the function's log group.
   * @default - a key of its own (createLogKey)
   */
  readonly logKey?: IKey;
}

/**
 * Retries of a failing batch before its records go to the on-failure queue. With bisection, a
 * batch of 100 is split down to a single record within 7 retries; a few more cover a transient
 * EventBridge outage.
 */
const STREAM_RETRY_ATTEMPTS = 10;

/**
 * Records older than this are sent to the on-failure queue rather than retried: well inside the
 * stream's 24 hours, so that an operator still has the rest of the day to read the failed records
 * from the stream by the sequence numbers the queue's message names.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-params.html
 */
const STREAM_MAX_RECORD_AGE = Duration.hours(6);

/**
 * Every status change of the suppression table as an event on an EventBridge bus, and optionally
 * on a webhook:
 *
 * ```
 * table ──stream (new and old images)──> change-events function ──PutEvents──> bus ──rule──> your targets
 *   batch failed 10 times or 6 h old ──> onFailureQueue (alarm)              └──rule──> API destination ──> webhookUrl
 *                                                                                  failed 24 h ──> webhookDeadLetterQueue (alarm)
 * ```
 *
 * The stream is the outbox: whatever writes the table (the handler, every CLI command, TTL) makes
 * stream records, so no change can bypass the events. A function rather than EventBridge Pipes,
 * because the transition rules (which change is an event, operator or TTL) are code, tested on
 * DynamoDB Local's real stream; a pipe's enrichment would need a function anyway.
 */
class ApplicationEvents extends Construct {
  /** The bus the events are put on (created, or the one passed in). */
  readonly eventBus: IEventBus;
  /** The stream consumer. */
  readonly function: LambdaFunction;
  /** The function's log group. */
  readonly logGroup: LogGroup;
  /**
   * Where the event source mapping records batches it gave up on: each message names the shard and
   * the range of sequence numbers, not the records
   * (https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html).
   */
  readonly onFailureQueue: IQueue;
  /** Webhook only: events the API destination could not deliver. */
  readonly webhookDeadLetterQueue?: IQueue;
  /** Webhook only: the secret sent in its header. */
  readonly webhookSecret?: ISecret;
  /** The queues to watch, with what lands in them: the monitoring alarms on each. */
  readonly deadLetterQueues: readonly WatchedDeadLetterQueue[];

  constructor(scope: Construct, id: string, props: ApplicationEventsProps) {
    const problems = applicationEventsProblems(props, props.table);
    if (problems.length > 0) throw new InvalidPropsError('ApplicationEvents', problems);
    super(scope, id);
    const softRecordEvents = props.softRecordEvents ?? false;

    this.eventBus =
      props.existingEventBus ?? new EventBus(this, 'Bus', { description: 'ses-bounce-guard: suppression changes (Address Suppressed, Address Unsuppressed)' });
    this.onFailureQueue = new DeadLetterQueue(this, 'OnFailureQueue').queue;
    this.logGroup = createLogGroup(this, 'LogGroup', props.logRetention ?? DEFAULT_LOG_RETENTION, props.logKey ?? createLogKey(this, 'LogKey'));

    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'ses-bounce-guard change events: reads the table stream, puts events on the bus',
    });
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn] }));

    this.function = new LambdaFunction(this, 'Function', {
      description: 'Publishes suppression-table status changes as EventBridge events',
      // Bundled from lambda/changeEvents/index.ts (see functionCode): prebuilt in the package.
      code: functionCode(this, 'change-events'),
      handler: 'index.handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.seconds(30),
      logGroup: this.logGroup,
      tracing: Tracing.ACTIVE,
      role,
      environment: changeEventsEnvironment({ eventBusName: this.eventBus.eventBusName, softRecordEvents }),
    });
    acknowledgeControl(
      this.function,
      GuardRule.LAMBDA_IN_VPC,
      'The change-events function reads the table stream through its event source mapping and calls only EventBridge PutEvents; it holds no network-reachable resource, and a VPC would add NAT or endpoint costs and a failure point without protecting anything.',
    );
    this.eventBus.grantPutEventsTo(this.function);

    // https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-params.html
    this.function.addEventSource(
      new DynamoEventSource(props.table, {
        // A table created with the stack: from the oldest record its stream holds, so that nothing
        // written between turning the stream on and creating the mapping is skipped. An adopted
        // table: from the newest, since its stream keeps 24 hours of changes that were already
        // acted on (or predate the events), which TRIM_HORIZON would replay as duplicate events and
        // webhook calls, the older ones dead-lettered by maxRecordAge.
        // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html
        startingPosition: props.adoptedTable === true ? StartingPosition.LATEST : StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        // One batch per shard at a time: a key's records stay in order.
        parallelizationFactor: 1,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: STREAM_RETRY_ATTEMPTS,
        maxRecordAge: STREAM_MAX_RECORD_AGE,
        onFailure: new SqsDlq(this.onFailureQueue),
      }),
    );

    const watched: WatchedDeadLetterQueue[] = [
      {
        id: 'ChangeEventsOnFailureQueue',
        description: 'table changes whose events could not be published (batches of stream records the change-events function gave up on)',
        queue: this.onFailureQueue,
      },
    ];
    if (props.webhookUrl !== undefined) {
      this.webhookSecret = props.webhookSecret ?? this.createWebhookSecret();
      this.webhookDeadLetterQueue = new DeadLetterQueue(this, 'WebhookDeadLetterQueue').queue;
      const connection = new Connection(this, 'WebhookConnection', {
        description: 'ses-bounce-guard webhook: the shared secret header',
        // `{{resolve:secretsmanager:<arn>:SecretString:::<version id>}}`. "Updating a secret in
        // Secrets Manager doesn't automatically update the secret in CloudFormation": only a stack
        // update that updates this resource resolves it again
        // (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-secretsmanager.html),
        // so the version id in it is what makes a rotation reach the connection.
        authorization: Authorization.apiKey(
          WEBHOOK_SECRET_HEADER,
          props.webhookSecretVersion === undefined
            ? this.webhookSecret.secretValue
            : SecretValue.secretsManager(this.webhookSecret.secretArn, { versionId: props.webhookSecretVersion }),
        ),
      });
      const destination = new ApiDestination(this, 'WebhookDestination', {
        description: 'ses-bounce-guard webhook',
        connection,
        endpoint: props.webhookUrl,
        httpMethod: HttpMethod.POST,
      });
      new Rule(this, 'WebhookRule', {
        description: 'ses-bounce-guard: every application event to the webhook',
        eventBus: this.eventBus,
        eventPattern: { source: [EVENT_SOURCE], detailType: publishedDetailTypes(softRecordEvents) },
        targets: [
          new ApiDestinationTarget(destination, {
            deadLetterQueue: this.webhookDeadLetterQueue,
            // EventBridge's most: a receiver that is down for a day loses nothing.
            retryAttempts: 185,
            maxEventAge: Duration.hours(24),
          }),
        ],
      });
      watched.push({
        id: 'WebhookDeadLetterQueue',
        description: 'application events the webhook did not accept within 24 hours',
        queue: this.webhookDeadLetterQueue,
      });
    }
    this.deadLetterQueues = watched;
    this.acknowledgeFindings(role);
  }

  /**
   * A rule on the bus that sends `Address Suppressed` events to a target.
   *
   * @example
   * events.onAddressSuppressed('FlagAccount', new LambdaFunction(flagAccountFunction));
   */
  onAddressSuppressed(id: string, target: IRuleTarget): Rule {
    return this.onDetailType(id, DetailType.ADDRESS_SUPPRESSED, target);
  }

  /** A rule on the bus that sends `Address Unsuppressed` events to a target. */
  onAddressUnsuppressed(id: string, target: IRuleTarget): Rule {
    return this.onDetailType(id, DetailType.ADDRESS_UNSUPPRESSED, target);
  }

  /** A rule on the bus that sends the events of one detail-type to a target. */
  onDetailType(id: string, detailType: DetailType, target: IRuleTarget): Rule {
    return new Rule(this, id, { eventBus: this.eventBus, eventPattern: { source: [EVENT_SOURCE], detailType: [detailType] }, targets: [target] });
  }

  private createWebhookSecret(): Secret {
    const secret = new Secret(this, 'WebhookSecret', {
      description: `ses-bounce-guard webhook: the value of the ${WEBHOOK_SECRET_HEADER} header`,
      generateSecretString: { passwordLength: 40, excludePunctuation: true },
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'A shared secret with the webhook receiver: rotating it needs the receiver to accept both values for the switch, so it is rotated by hand (docs/application-events.md).',
    });
    return secret;
  }

  private acknowledgeFindings(role: Role): void {
    const acknowledge = (construct: IConstruct, id: string, reason: string) => Validations.of(construct).acknowledge({ id, reason });
    acknowledge(
      role,
      'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      'dynamodb:ListStreams (added by the DynamoDB event source) and the X-Ray actions of active tracing have no resource type: IAM accepts only "*".',
    );
    const runtimeReason =
      'Node.js 22 is the runtime this project pins, builds its bundle for (target node22) and tests; moving to a newer one is a deliberate upgrade.';
    acknowledge(this.function, 'AwsSolutions::AwsSolutions-L1', runtimeReason);
    acknowledge(this.function, 'Serverless::Serverless-LambdaLatestVersion', runtimeReason);
    acknowledge(
      this.function,
      'Serverless::Serverless-LambdaDLQ',
      "Invoked only by its DynamoDB stream event source mapping, never asynchronously: failed batches go to the mapping's on-failure destination (onFailureQueue).",
    );
  }
}

/** The detail-types the construct publishes. */
function publishedDetailTypes(softRecordEvents: boolean): DetailType[] {
  return [DetailType.ADDRESS_SUPPRESSED, DetailType.ADDRESS_UNSUPPRESSED, ...(softRecordEvents ? [DetailType.SOFT_RECORD_CHANGED] : [])];
}

/**
 * Every problem with application-event options for a table, as sentences (empty when none).
 * Checked at synth: a webhook that is not HTTPS, a secret without a webhook, an existing table
 * whose stream the construct cannot know.
 */
function applicationEventsProblems(options: ApplicationEventsOptions, table: ITable | undefined): string[] {
  const problems: string[] = [];
  if (options.enabled === false) return problems;
  if (table !== undefined && table.tableStreamArn === undefined) {
    problems.push(
      "application events read the suppression table's stream, and the existing table has none the construct knows of: import it with " +
        'Table.fromTableAttributes(this, id, { tableName, tableStreamArn }) (its stream must show NEW_AND_OLD_IMAGES), or set applicationEvents: { enabled: false }',
    );
  }
  const url = options.webhookUrl;
  const urlProblem = url === undefined || Token.isUnresolved(url) ? undefined : webhookUrlProblem(url);
  if (urlProblem !== undefined) problems.push(urlProblem);
  if (options.webhookSecret !== undefined && url === undefined) problems.push('webhookSecret is set without webhookUrl: the secret is only sent to a webhook');
  const version = options.webhookSecretVersion;
  if (version !== undefined && url === undefined) problems.push('webhookSecretVersion is set without webhookUrl: the secret is only sent to a webhook');
  if (version !== undefined && !Token.isUnresolved(version) && !SECRET_VERSION_ID.test(version)) {
    problems.push(
      `webhookSecretVersion must be a Secrets Manager version id (32 to 64 letters, digits and "-", the VersionId put-secret-value returns); got ${JSON.stringify(version)}`,
    );
  }
  return problems;
}

export type { ApplicationEventsOptions, ApplicationEventsProps };
export { ApplicationEvents, applicationEventsProblems, publishedDetailTypes, SECRET_VERSION_ID, STREAM_MAX_RECORD_AGE, STREAM_RETRY_ATTEMPTS };
