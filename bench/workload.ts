import type { SNSEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { snsEnvelopeFor, snsEventFor } from '../local/envelopes';
import type { SigningAuthority } from '../local/snsSigningAuthority';
import { mapWithConcurrency } from '../src/util/mapWithConcurrency';

const BENCH_TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:bench';
const BENCH_CONFIGURATION_SET = 'txn-mail';

type Handler = (event: SNSEvent | SQSEvent) => Promise<SQSBatchResponse | void>;

/** Makes the handler under test, writing to `tableName` at `endpoint`. */
type BenchHandlerFactory = (tableName: string, endpoint: string) => Handler;

/** An SES event-publishing bounce (Permanent unless told) for these recipients. */
function sesBounceEvent(
  recipients: readonly string[],
  feedbackId: string,
  options: { timestamp?: string; bounceType?: 'Permanent' | 'Transient' } = {},
): Record<string, unknown> {
  const timestamp = options.timestamp ?? '2026-11-01T00:00:00.000Z';
  return {
    eventType: 'Bounce',
    bounce: {
      bounceType: options.bounceType ?? 'Permanent',
      bounceSubType: options.bounceType === 'Transient' ? 'MailboxFull' : 'General',
      bouncedRecipients: recipients.map((emailAddress) => ({
        emailAddress,
        action: 'failed',
        status: '5.1.1',
        diagnosticCode: 'smtp; 550 5.1.1 user unknown',
      })),
      timestamp,
      feedbackId,
      reportingMTA: 'dsn; mta.example.com',
    },
    mail: {
      timestamp,
      source: 'sender@example.com',
      sendingAccountId: '123456789012',
      messageId: `message-${feedbackId}`,
      destination: recipients,
      tags: { 'ses:configuration-set': [BENCH_CONFIGURATION_SET] },
    },
  };
}

/** `count` signed SNS events, one notification each, of `recipients` distinct addresses each. */
function notificationBatch(authority: SigningAuthority, count: number, recipients: number, tag: string): SNSEvent[] {
  return Array.from({ length: count }, (_, n) => {
    const addresses = Array.from({ length: recipients }, (_, r) => `user${n * recipients + r}@example.com`);
    return snsEventFor(authority.sign(snsEnvelopeFor(sesBounceEvent(addresses, `${tag}-fid-${n}`), BENCH_TOPIC_ARN, `${tag}-sns-${n}`)));
  });
}

/**
 * Calls `fn` on every item with at most `limit` calls in flight, as the handler writes; a failure
 * fails the round, so that no figure is timed over work that did not happen.
 */
async function inFlight<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  const failed = (await mapWithConcurrency(items, limit, fn)).find((result) => result.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
}

export type { BenchHandlerFactory, Handler };
export { BENCH_CONFIGURATION_SET, BENCH_TOPIC_ARN, inFlight, notificationBatch, sesBounceEvent };
