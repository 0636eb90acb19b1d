import { authenticate } from './authenticity/authenticate';
import { confirmSubscription } from './authenticity/confirmSubscription';
import { SnsMessageType } from './authenticity/constants';
import { SnsRequestError } from './authenticity/errors';
import type { SnsEnvelope } from './envelope';
import { logger } from './logger';
import { processNotification } from './processNotification';
import type { ProcessDependencies, RecordOutcome } from './processTypes';

/**
 * The one processing function behind every entry shape. Authenticity comes first, before anything
 * is parsed: the envelope's type, its topic and its SNS signature; then, per type:
 *
 * - `Notification`: the SES event is checked for its configuration set and acted on;
 * - `SubscriptionConfirmation`: confirmed through its `SubscribeURL` when that is an SNS
 *   `ConfirmSubscription` request for our topic (and never while signature verification is off);
 * - `UnsubscribeConfirmation`: logged, nothing else.
 *
 * Never throws. A `rejected` outcome is logged here with its reason and must not fail its record:
 * retrying cannot make it authentic. A `failed` outcome must fail its record so that it is retried
 * (store outage, SNS unreachable) or, when it can never succeed (malformed payload), reaches the
 * dead-letter queue after the bounded retries of its entry (Lambda async retries, or the queue's
 * receive count).
 */
async function processEnvelope(envelope: SnsEnvelope, deps: ProcessDependencies): Promise<RecordOutcome> {
  const log = { snsMessageId: clip(envelope.MessageId), type: clip(envelope.Type) };
  const verifySignatures = deps.verifySignatures ?? true;
  let outcome: RecordOutcome;
  try {
    const authenticity = await authenticate(envelope, { topicArn: deps.topicArn, verifySignatures, timeoutMs: deps.snsRequestTimeoutMs });
    if (!authenticity.authentic) outcome = { kind: 'rejected', reason: authenticity.reason };
    else if (envelope.Type === SnsMessageType.NOTIFICATION) outcome = await processNotification(envelope, deps, log);
    else if (envelope.Type === SnsMessageType.SUBSCRIPTION_CONFIRMATION) outcome = await confirm(envelope, deps, verifySignatures, log);
    else {
      logger.info('unsubscribe confirmation received: nothing to do', log);
      outcome = { kind: 'ignored', type: SnsMessageType.UNSUBSCRIBE_CONFIRMATION };
    }
  } catch (error) {
    if (!(error instanceof SnsRequestError)) throw error;
    // A download that failed proves nothing about the message: retry rather than reject.
    logger.error('request to SNS failed: the record fails and will be retried', { ...log, problem: error.message });
    return { kind: 'failed', error };
  }
  if (outcome.kind === 'rejected') {
    // The reason never holds input; the topic is clipped. Recipient addresses are never logged here.
    logger.warn('SNS message rejected: nothing written', {
      ...log,
      ...(outcome.feedbackId === undefined ? {} : { feedbackId: outcome.feedbackId }),
      topicArn: clip(envelope.TopicArn, 256),
      reason: outcome.reason,
    });
  }
  return outcome;
}

async function confirm(
  envelope: SnsEnvelope,
  deps: ProcessDependencies,
  verifySignatures: boolean,
  log: Readonly<Record<string, unknown>>,
): Promise<RecordOutcome> {
  // Without a verified signature, a confirmation could be anyone's: do not act on it.
  if (!verifySignatures) return { kind: 'rejected', reason: 'subscriptions are not confirmed while signature verification is off' };
  const confirmation = await confirmSubscription(envelope, deps.topicArn, deps.snsRequestTimeoutMs);
  if (!confirmation.confirmed) return { kind: 'rejected', reason: confirmation.reason };
  logger.info('subscription confirmed', { ...log, topicArn: deps.topicArn });
  return { kind: 'confirmed' };
}

/** Hostile envelopes can carry megabytes in any field: log a bounded, string-only prefix. */
function clip(value: unknown, max = 128): string {
  const text = typeof value === 'string' ? value : `<${value === null ? 'null' : typeof value}>`;
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export { processEnvelope };
