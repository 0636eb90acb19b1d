import { maskAddress } from '../src/domain/address';
import { decide } from '../src/domain/decide';
import { MalformedMessageError } from '../src/domain/errors';
import { parseSesEvent } from '../src/domain/sesEvent';
import type { RecipientEvent } from '../src/domain/types';
import type { ApplyResult } from '../src/store/SuppressionStore';
import { type SnsEnvelope, parseMessage } from './envelope';
import { logger } from './logger';
import { mapWithConcurrency } from './mapWithConcurrency';

/** What processing needs from outside: where to write. */
interface ProcessDependencies {
  readonly store: { apply(event: RecipientEvent): Promise<ApplyResult> };
  /**
   * Writes in flight at once for one notification.
   * @default 16
   */
  readonly writeConcurrency?: number;
}

/** What became of one SNS envelope. */
type RecordOutcome =
  | {
      readonly kind: 'processed';
      /** The recipient-events written now (redeliveries excluded). */
      readonly applied: readonly Pick<RecipientEvent, 'status' | 'reason'>[];
      /** Recipient-events that had been written before. */
      readonly duplicates: number;
      /** Recipients skipped for having no valid address. */
      readonly invalidRecipients: number;
    }
  | { readonly kind: 'ignored'; readonly type: string }
  /** Refused as unauthentic: never written, never retried. */
  | { readonly kind: 'rejected'; readonly reason: string }
  | { readonly kind: 'failed'; readonly error: Error };

/**
 * The one processing function behind every entry shape: parse the envelope's `Message` again,
 * read the SES event, decide per recipient and write each recipient-event once.
 *
 * Never throws. A `failed` outcome must fail its record so that it is retried (store outage) or,
 * when it can never succeed (malformed payload), reaches the dead-letter queue after the bounded
 * retries of its entry (Lambda async retries, or the queue's receive count).
 */
async function processEnvelope(envelope: SnsEnvelope, deps: ProcessDependencies): Promise<RecordOutcome> {
  const log = { snsMessageId: envelope.MessageId };
  // Authenticity (signature, topic, configuration set) is checked here, before anything is parsed.
  if (envelope.Type !== 'Notification') {
    logger.info('SNS message is not a notification: nothing to do', { ...log, type: envelope.Type });
    return { kind: 'ignored', type: envelope.Type };
  }
  let decision;
  try {
    const event = parseSesEvent(parseMessage(envelope));
    if (event.kind === 'ignored') {
      logger.debug('SES event type not acted on', { ...log, eventType: event.type });
      return { kind: 'ignored', type: event.type };
    }
    decision = { feedbackId: event.feedbackId, ...decide(event) };
  } catch (error) {
    if (!(error instanceof MalformedMessageError)) throw error;
    logger.error('malformed SES message: nothing written; the record fails so that it ends in the dead-letter queue', {
      ...log,
      problem: error.message,
    });
    return { kind: 'failed', error };
  }

  for (const recipient of decision.invalidRecipients) {
    logger.warn('recipient has no valid address: skipped', { ...log, feedbackId: decision.feedbackId, recipient: maskAddress(recipient) });
  }
  const results = await mapWithConcurrency(decision.events, deps.writeConcurrency ?? 16, (event) => deps.store.apply(event));
  const failures = results.filter((result) => result.status === 'rejected');
  if (failures.length > 0) {
    const error = new AggregateError(
      failures.map((failure) => failure.reason),
      `${failures.length} of ${results.length} recipient writes failed`,
    );
    logger.error('suppression writes failed: the record fails and will be retried', {
      ...log,
      feedbackId: decision.feedbackId,
      error: String((failures[0] as PromiseRejectedResult).reason),
      failed: failures.length,
    });
    return { kind: 'failed', error };
  }
  const applied = decision.events
    .filter((_, i) => (results[i] as PromiseFulfilledResult<ApplyResult>).value === 'applied')
    .map(({ status, reason }) => ({ status, reason }));
  return {
    kind: 'processed',
    applied,
    duplicates: decision.events.length - applied.length,
    invalidRecipients: decision.invalidRecipients.length,
  };
}

export { processEnvelope };
export type { ProcessDependencies, RecordOutcome };
