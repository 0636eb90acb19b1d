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
  options: { timestamp?: string; bounceType?: 'Permanent' | 'Transient'; tenant?: string } = {},
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
      tags: tagsOf(options.tenant),
    },
  };
}

/** An SES event-publishing complaint (`abuse`) for these recipients, of a send for `tenant`. */
function sesComplaintEvent(recipients: readonly string[], feedbackId: string, options: { timestamp: string; tenant: string }): Record<string, unknown> {
  return {
    eventType: 'Complaint',
    complaint: {
      complainedRecipients: recipients.map((emailAddress) => ({ emailAddress })),
      complaintFeedbackType: 'abuse',
      timestamp: options.timestamp,
      feedbackId,
    },
    mail: {
      timestamp: options.timestamp,
      source: 'sender@example.com',
      sendingAccountId: '123456789012',
      messageId: `message-${feedbackId}`,
      destination: recipients,
      tags: tagsOf(options.tenant),
    },
  };
}

/** `mail.tags` as SES sends them, with `ses:tenant-name` for a tenanted send. */
function tagsOf(tenant: string | undefined): Record<string, string[]> {
  return { 'ses:configuration-set': [BENCH_CONFIGURATION_SET], ...(tenant === undefined ? {} : { 'ses:tenant-name': [tenant] }) };
}

/**
 * Signed SNS events of tenanted sends, in time order: per group of `recipients` addresses, a
 * complaint about tenant A's mail, one about tenant B's, then a hard bounce of a mail of A.
 */
function tenantBatch(authority: SigningAuthority, groups: number, recipients: number, tag: string): SNSEvent[] {
  return Array.from({ length: groups }, (_, n) => {
    const addresses = Array.from({ length: recipients }, (_, r) => `tenant-user${n * recipients + r}@example.com`);
    const at = (hour: number) => new Date(Date.UTC(2026, 10, 1, hour)).toISOString();
    const messages = [
      sesComplaintEvent(addresses, `${tag}-a-${n}`, { timestamp: at(1), tenant: 'tenant-a' }),
      sesComplaintEvent(addresses, `${tag}-b-${n}`, { timestamp: at(2), tenant: 'tenant-b' }),
      sesBounceEvent(addresses, `${tag}-bounce-${n}`, { timestamp: at(3), tenant: 'tenant-a' }),
    ];
    return messages.map((message, m) => snsEventFor(authority.sign(snsEnvelopeFor(message, BENCH_TOPIC_ARN, `${tag}-sns-${n}-${m}`))));
  }).flat();
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
export { BENCH_CONFIGURATION_SET, BENCH_TOPIC_ARN, inFlight, notificationBatch, sesBounceEvent, sesComplaintEvent, tenantBatch };
