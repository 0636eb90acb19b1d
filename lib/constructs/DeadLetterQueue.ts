import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption, RedrivePermission } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Properties of a {@link DeadLetterQueue}. */
interface DeadLetterQueueProps {
  /**
   * How long a dead-lettered message stays for an operator to inspect or redrive.
   * @default Duration.days(14) - SQS's maximum
   */
  readonly retentionPeriod?: Duration;
  /**
   * The ARN of the one SQS queue that may use this queue as its dead-letter queue (its redrive
   * policy, `byQueue`). Without it any queue of the account and Region may (`allowAll`): SNS
   * subscriptions, Lambda destinations and EventBridge targets that send here are not SQS source
   * queues, and `byQueue` needs at least one.
   * @default - no source queue: `allowAll`
   */
  readonly sourceQueueArn?: string;
}

/**
 * An SQS queue that receives what the pipeline could not process: encrypted at rest
 * (SQS-managed keys, which SNS and Lambda destinations can write to without a key grant),
 * TLS-only, kept as long as SQS allows, and retained when the stack drops it (switching delivery
 * mode replaces the processing dead-letter queue): its messages are events not yet written to the
 * suppression table, and they are redriven, never deleted, by a stack operation.
 */
class DeadLetterQueue extends Construct {
  /** The queue. */
  readonly queue: Queue;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps = {}) {
    super(scope, id);
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: props.retentionPeriod ?? Duration.days(14),
      removalPolicy: RemovalPolicy.RETAIN,
      // Which queues may move their failed messages here (SQS redrive allow policy), which AWS
      // Control Tower's CT.SQS.PR.1 reads to tell a dead-letter queue (allowAll or byQueue) from a
      // queue that needs one of its own (denyAll, or no policy):
      // https://docs.aws.amazon.com/controltower/latest/userguide/sqs-rules.html#ct-sqs-pr-1-description
      // byQueue, the narrowest, when an SQS queue feeds this one. Otherwise allowAll: byQueue takes
      // 1 to 10 source queue ARNs and there is no source queue to name (SNS, Lambda and
      // EventBridge send here themselves); denyAll fails the control, which a CloudFormation hook
      // enforces whatever CDK acknowledges. allowAll reaches only queues of the same account and
      // Region (a dead-letter queue must be in both), whose owner must still set a redrive policy
      // naming this queue; a stray message would show in this queue's alarm, not go unseen.
      // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html
      // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
      redriveAllowPolicy:
        props.sourceQueueArn === undefined
          ? { redrivePermission: RedrivePermission.ALLOW_ALL }
          : { redrivePermission: RedrivePermission.BY_QUEUE, sourceQueues: [Queue.fromQueueArn(this, 'SourceQueue', props.sourceQueueArn)] },
    });
    const reason = 'This queue is the dead-letter queue: its messages wait for an operator, not for a consumer that could fail on them.';
    Validations.of(this.queue).acknowledge({ id: 'AwsSolutions::AwsSolutions-SQS3', reason });
    Validations.of(this.queue).acknowledge({ id: 'Serverless::Serverless-SQSRedrivePolicy', reason });
  }
}

export type { DeadLetterQueueProps };
export { DeadLetterQueue };
