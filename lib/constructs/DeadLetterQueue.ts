import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Properties of a {@link DeadLetterQueue}. */
interface DeadLetterQueueProps {
  /**
   * How long a dead-lettered message stays for an operator to inspect or redrive.
   * @default Duration.days(14) - SQS's maximum
   */
  readonly retentionPeriod?: Duration;
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
    });
    const reason = 'This queue is the dead-letter queue: its messages wait for an operator, not for a consumer that could fail on them.';
    Validations.of(this.queue).acknowledge({ id: 'AwsSolutions::AwsSolutions-SQS3', reason });
    Validations.of(this.queue).acknowledge({ id: 'Serverless::Serverless-SQSRedrivePolicy', reason });
  }
}

export { DeadLetterQueue };
export type { DeadLetterQueueProps };
