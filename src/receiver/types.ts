import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SuppressionPolicy } from '../domain/policy';

/**
 * Options of {@link createReceiver}.
 *
 * @example
 * const options: ReceiverOptions = { topicArn: process.env.TOPIC_ARN!, configurationSetName: 'txn-mail', tableName: 'SuppressionTable' };
 */
interface ReceiverOptions {
  /** The SNS topic SES publishes to: envelopes of any other topic are rejected, however well signed. */
  readonly topicArn: string;
  /** The SES configuration set: events tagged with another one are rejected. */
  readonly configurationSetName: string;
  /** The suppression table the events are written to. */
  readonly tableName: string;
  /**
   * Escalation, DSN override and expiry; the same policy the deployed function uses.
   * @default DEFAULT_POLICY
   */
  readonly policy?: SuppressionPolicy;
  /**
   * The DynamoDB client.
   * @default - a client from the SDK's standard configuration (region, credentials, `AWS_ENDPOINT_URL_DYNAMODB`)
   */
  readonly dynamoClient?: DynamoDBDocumentClient;
  /**
   * Bound on one HTTPS request to SNS (certificate download, subscription confirmation).
   * @default 5000
   */
  readonly snsRequestTimeoutMs?: number;
}

/** The outcome kinds, as `const` for comparisons. */
const ReceiverOutcomeKind = {
  /** At least one recipient-event was written now. */
  PROCESSED: 'processed',
  /** Every recipient-event had been written before: a redelivery. */
  DUPLICATE: 'duplicate',
  /** Authentic, but nothing to act on (another SES event type, an unsubscribe confirmation, SES's setup notice). */
  IGNORED: 'ignored',
  /** Not proven to come from the topic and configuration set: nothing written; retrying cannot help. */
  REJECTED: 'rejected',
  /** A subscription to the topic was confirmed. */
  CONFIRMED: 'confirmed',
  /** Nothing or not everything was written (store outage, SNS unreachable, malformed input): retry, then dead-letter. */
  FAILED: 'failed',
} as const;
type ReceiverOutcomeKind = (typeof ReceiverOutcomeKind)[keyof typeof ReceiverOutcomeKind];

/**
 * What became of one SNS envelope. Every kind but `failed` must not be retried by the transport.
 *
 * @example
 * const outcome = await receiver.receive(body);
 * if (outcome.kind === 'failed') throw outcome.error; // let the transport retry
 */
type ReceiverOutcome =
  | {
      readonly kind: 'processed' | 'duplicate';
      /** Recipient-events written now. */
      readonly applied: number;
      /** Recipient-events written before (a redelivery). */
      readonly duplicates: number;
      /** Recipients skipped for having no valid address. */
      readonly invalidRecipients: number;
    }
  | { readonly kind: 'ignored'; readonly reason: string }
  | { readonly kind: 'rejected'; readonly reason: string }
  | { readonly kind: 'confirmed' }
  | { readonly kind: 'failed'; readonly reason: string; readonly error: Error };

/**
 * Processes SNS envelopes from the SES topic into the suppression table.
 *
 * @example
 * const outcome = await receiver.receive(requestBody);
 */
interface Receiver {
  readonly topicArn: string;
  readonly configurationSetName: string;
  readonly tableName: string;
  /**
   * Authenticates and processes one envelope: a JSON string or an object, in the HTTP/SQS shape
   * (`SigningCertURL`) or the Lambda record's (`SigningCertUrl`). Never throws for bad input.
   */
  receive(envelope: string | Readonly<Record<string, unknown>>): Promise<ReceiverOutcome>;
  /**
   * Processes an SES event that arrived without its SNS envelope (an SQS queue with raw message
   * delivery on): there is no signature and no topic to check, only the configuration set. Call it
   * only where the source itself is the trust boundary (a queue whose policy admits the topic alone).
   *
   * @param message - the SES event's JSON, as the queue holds it
   * @param messageId - the transport's id of it, for the log lines
   */
  receiveUnsigned(message: string, messageId: string): Promise<ReceiverOutcome>;
}

export type { Receiver, ReceiverOptions, ReceiverOutcome };
export { ReceiverOutcomeKind };
