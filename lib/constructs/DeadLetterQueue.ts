import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption, RedrivePermission } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeControl, GuardRule } from '../nag/acknowledgeControl';

/** Properties of a {@link DeadLetterQueue}. */
interface DeadLetterQueueProps {
  /**
   * How long a dead-lettered message stays for an operator to inspect or redrive.
   * @default Duration.days(14) - SQS's maximum
   */
  readonly retentionPeriod?: Duration;
  /**
   * The ARN of the one SQS queue that may use this queue as its dead-letter queue (its redrive
   * policy). Without it no queue may (`denyAll`): SNS subscriptions and Lambda destinations that
   * send here are not SQS source queues.
   * @default - no source queue
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
      // Control Tower's CT.SQS.PR.1 reads to tell a dead-letter queue from a queue that needs one:
      // https://docs.aws.amazon.com/controltower/latest/userguide/sqs-rules.html#ct-sqs-pr-1-description
      redriveAllowPolicy:
        props.sourceQueueArn === undefined
          ? { redrivePermission: RedrivePermission.DENY_ALL }
          : { redrivePermission: RedrivePermission.BY_QUEUE, sourceQueues: [Queue.fromQueueArn(this, 'SourceQueue', props.sourceQueueArn)] },
    });
    const reason = 'This queue is the dead-letter queue: its messages wait for an operator, not for a consumer that could fail on them.';
    Validations.of(this.queue).acknowledge({ id: 'AwsSolutions::AwsSolutions-SQS3', reason });
    Validations.of(this.queue).acknowledge({ id: 'Serverless::Serverless-SQSRedrivePolicy', reason });
    if (props.sourceQueueArn === undefined) {
      // The control reads denyAll as "not a dead-letter queue" and then asks for a dead-letter
      // queue of its own; allowAll would let any queue of the account dead-letter into it.
      acknowledgeControl(
        this.queue,
        GuardRule.SQS_DEAD_LETTER_QUEUE,
        'A dead-letter queue for an SNS subscription or a Lambda onFailure destination: no SQS queue redrives into it (denyAll), and a dead-letter queue of its own would only move unrecorded events further from the operator.',
      );
    }
  }
}

export type { DeadLetterQueueProps };
export { DeadLetterQueue };
