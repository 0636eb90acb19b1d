import { Duration, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IVpc, SubnetSelection } from 'aws-cdk-lib/aws-ec2';
import { SubnetType } from 'aws-cdk-lib/aws-ec2';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Function as LambdaFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import { handlerEnvironment } from '../../src/contract/handlerEnvironment';
import { DEFAULT_POLICY, type SuppressionPolicy } from '../../src/domain/policy';
import { functionCode } from '../bundling/functionCode';
import { acknowledgeControl, GuardRule } from '../nag/acknowledgeControl';
import { DEFAULT_LOG_RETENTION, DeliveryMode } from './constants';
import { createLogGroup } from './createLogGroup';
import { createLogKey } from './createLogKey';
import { DeadLetterQueue } from './DeadLetterQueue';
import { QueueDelivery, type QueueDeliveryProps } from './QueueDelivery';

/** Properties of a {@link BounceHandler}. */
interface BounceHandlerProps {
  /** The suppression table the handler writes to. */
  readonly table: ITable;
  /**
   * The table's region, when it is not the stack's: a second region's handler writing to the
   * home region's table (see SesBounceGuardRegion). The function's DynamoDB client targets it.
   * @default - the stack's region
   */
  readonly tableRegion?: string;
  /** The topic SES publishes bounce and complaint events to; the handler subscribes to it. */
  readonly topic: ITopic;
  /** Name of the configuration set whose events the handler accepts. */
  readonly configurationSetName: string;
  /**
   * Further configuration sets whose events the handler accepts (after the first in `CONFIGURATION_SET_NAME`).
   * @default - none
   */
  readonly additionalConfigurationSetNames?: readonly string[];
  /**
   * The `Deployment` dimension of every metric the handler emits (its `DEPLOYMENT` variable); give
   * Monitoring the same (see `deploymentDimensionValue`).
   */
  readonly deployment: string;
  /**
   * The function's memory.
   * @default 256 MB
   */
  readonly memorySize?: number;
  /**
   * The function's timeout.
   * @default Duration.seconds(30)
   */
  readonly timeout?: Duration;
  /**
   * How long the function's log group keeps its events.
   * @default DEFAULT_LOG_RETENTION (RetentionDays.ONE_YEAR)
   */
  readonly logRetention?: RetentionDays;
  /**
   * The key that encrypts the function's log group (see createLogKey for the policy it needs).
   * @default - a key of its own
   */
  readonly logKey?: IKey;
  /**
   * A VPC to run the function in. Its subnets must reach the internet (NAT) or have interface
   * endpoints for DynamoDB, CloudWatch and X-Ray, and the function must reach the SNS signing
   * certificate host (`sns.<region>.amazonaws.com`, an interface endpoint for SNS serves it too).
   * @default - no VPC (Lambda's own network, with internet access)
   */
  readonly vpc?: IVpc;
  /**
   * Which subnets of {@link vpc} the function uses.
   * @default - the VPC's private subnets with egress
   */
  readonly vpcSubnets?: SubnetSelection;
  /**
   * How SNS hands events to the function: subscribed to the topic (`direct`), or through an SQS
   * queue that the function polls (`queue`).
   * @default DeliveryMode.DIRECT
   */
  readonly deliveryMode?: DeliveryMode;
  /**
   * Queue mode only: the event source's concurrency, batch window and batch size.
   * @default - QueueDelivery's defaults: 5 concurrent invocations, 5 s window, 10 messages
   */
  readonly queueOptions?: Pick<QueueDeliveryProps, 'maxConcurrency' | 'batchWindow' | 'batchSize'>;
  /**
   * Escalation, DSN override and expiry, passed to the function as environment variables.
   * @default DEFAULT_POLICY
   */
  readonly policy?: SuppressionPolicy;
}

/**
 * The Lambda function that turns SNS-delivered SES events into suppression items, with a
 * dead-letter queue on each of the two ways an event can be lost. Direct mode (the default):
 *
 * ```
 * SNS ──deliver──> Lambda (async) ──throws──> 2 retries ──> processingDeadLetterQueue
 *   └──cannot deliver (function missing, throttled past SNS's retries)──> deliveryDeadLetterQueue
 * ```
 *
 * Queue mode ({@link QueueDelivery}):
 *
 * ```
 * SNS ──> queue ──poll──> Lambda ──record failed 5 receives──> processingDeadLetterQueue
 *   └──cannot deliver to the queue──> deliveryDeadLetterQueue
 * ```
 *
 * In queue mode the function is never invoked asynchronously, so it has no retry setting and no
 * `onFailure` destination: the queue's redrive policy takes their place, and the processing
 * dead-letter queue is the queue's. The subscription keeps its own dead-letter queue: SNS can
 * still fail to deliver to the queue (a queue policy or encryption mistake).
 *
 * Retrying is safe: every write is idempotent per (recipient, feedback id).
 */
class BounceHandler extends Construct {
  /** The function. */
  readonly function: LambdaFunction;
  /** The function's log group. */
  readonly logGroup: LogGroup;
  /** How SNS hands events to the function. */
  readonly deliveryMode: DeliveryMode;
  /**
   * Events the function failed on: after its asynchronous retries (direct mode, Lambda
   * `onFailure`: messages are invocation records) or after 5 receives (queue mode: messages are
   * the SNS envelopes).
   */
  readonly processingDeadLetterQueue: IQueue;
  /** Events SNS could not deliver to the function or the queue (subscription redrive policy). */
  readonly deliveryDeadLetterQueue: IQueue;
  /** Queue mode: the queue the function polls; `undefined` in direct mode. */
  readonly queue?: IQueue;

  constructor(scope: Construct, id: string, props: BounceHandlerProps) {
    super(scope, id);
    this.deliveryMode = props.deliveryMode ?? DeliveryMode.DIRECT;
    const direct = this.deliveryMode === DeliveryMode.DIRECT;
    const timeout = props.timeout ?? Duration.seconds(30);

    const processingDeadLetterQueue = direct ? new DeadLetterQueue(this, 'ProcessingDeadLetterQueue').queue : undefined;
    this.deliveryDeadLetterQueue = new DeadLetterQueue(this, 'DeliveryDeadLetterQueue').queue;
    this.logGroup = createLogGroup(this, 'LogGroup', props.logRetention ?? DEFAULT_LOG_RETENTION, props.logKey ?? createLogKey(this, 'LogKey'));

    // An own role rather than the default one, which carries the AWSLambdaBasicExecutionRole
    // managed policy (logs on every log group of the account).
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'SES bounce handler: writes its own log group and the suppression table',
    });
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    if (props.vpc !== undefined) {
      // What Lambda needs to manage the function's network interfaces (the managed policy
      // AWSLambdaVPCAccessExecutionRole holds the same, plus logs on every log group):
      // https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaVPCAccessExecutionRole.html
      // CDK attaches that policy only to a role it creates itself.
      role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: [
            'ec2:CreateNetworkInterface',
            'ec2:DescribeNetworkInterfaces',
            'ec2:DescribeSubnets',
            'ec2:DeleteNetworkInterface',
            'ec2:AssignPrivateIpAddresses',
            'ec2:UnassignPrivateIpAddresses',
          ],
          resources: ['*'],
        }),
      );
    }

    this.function = new LambdaFunction(this, 'Function', {
      ...(props.vpc === undefined ? {} : { vpc: props.vpc, vpcSubnets: props.vpcSubnets ?? { subnetType: SubnetType.PRIVATE_WITH_EGRESS } }),
      description: 'Records SES bounces and complaints in the suppression table',
      // Bundled from lambda/bounceHandler/index.ts (see functionCode): prebuilt in the package.
      code: functionCode(this, 'bounce-handler'),
      handler: 'index.handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout,
      logGroup: this.logGroup,
      tracing: Tracing.ACTIVE,
      role,
      environment: handlerEnvironment({
        tableName: props.table.tableName,
        ...(props.tableRegion === undefined ? {} : { tableRegion: props.tableRegion }),
        topicArn: props.topic.topicArn,
        configurationSetName: [props.configurationSetName, ...(props.additionalConfigurationSetNames ?? [])],
        deployment: props.deployment,
        policy: props.policy ?? DEFAULT_POLICY,
      }),
      ...(processingDeadLetterQueue === undefined ? {} : { retryAttempts: 2, onFailure: new SqsDestination(processingDeadLetterQueue) }),
    });

    // Exactly the one action the store uses, on this table only (grantWriteData would add
    // PutItem, DeleteItem, BatchWriteItem and the table's indexes).
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:UpdateItem'],
        resources: [props.table.tableArn],
      }),
    );

    const acknowledge = (construct: IConstruct, id: string, reason: string) => Validations.of(construct).acknowledge({ id, reason });
    acknowledge(
      role,
      'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      'Active tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords, which have no resource type: IAM accepts only "*". In a VPC, Lambda\'s network-interface actions (ec2:CreateNetworkInterface, ...) act on interfaces that do not exist yet: "*" too.',
    );
    if (props.vpc === undefined) {
      acknowledgeControl(
        this.function,
        GuardRule.LAMBDA_IN_VPC,
        'The handler reaches only AWS endpoints (DynamoDB, SNS signing certificates, CloudWatch, X-Ray) and holds no network-reachable resource; a VPC adds NAT or endpoint costs and a failure point without protecting anything. Pass vpc to run it in one.',
      );
    }
    const runtimeReason =
      'Node.js 22 is the runtime this project pins, builds its bundle for (target node22) and tests; moving to a newer one is a deliberate upgrade.';
    acknowledge(this.function, 'AwsSolutions::AwsSolutions-L1', runtimeReason);
    acknowledge(this.function, 'Serverless::Serverless-LambdaLatestVersion', runtimeReason);

    if (processingDeadLetterQueue !== undefined) {
      this.processingDeadLetterQueue = processingDeadLetterQueue;
      acknowledge(
        this.function,
        'Serverless::Serverless-LambdaDLQ',
        'Failed asynchronous invocations go to an onFailure destination (processingDeadLetterQueue), which records the event with its error, instead of a DeadLetterConfig.',
      );
      props.topic.addSubscription(new LambdaSubscription(this.function, { deadLetterQueue: this.deliveryDeadLetterQueue }));
    } else {
      const delivery = new QueueDelivery(this, 'QueueDelivery', {
        topic: props.topic,
        function: this.function,
        functionTimeout: timeout,
        deliveryDeadLetterQueue: this.deliveryDeadLetterQueue,
        ...props.queueOptions,
      });
      this.queue = delivery.queue;
      this.processingDeadLetterQueue = delivery.deadLetterQueue;
      const queueReason =
        "Queue mode: the function is only invoked by the SQS event source, never asynchronously; failed messages go to the queue's dead-letter queue after 5 receives.";
      acknowledge(this.function, 'Serverless::Serverless-LambdaDLQ', queueReason);
    }
  }
}

export type { BounceHandlerProps };
export { BounceHandler };
