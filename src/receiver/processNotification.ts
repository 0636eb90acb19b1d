import { maskAddress } from '../domain/address';
import { decide } from '../domain/decide';
import { MalformedMessageError } from '../domain/errors';
import { boundEventTime } from '../domain/eventTime';
import { parseSesEvent } from '../domain/sesEvent';
import type { ApplyResult } from '../store/SuppressionStore';
import { mapWithConcurrency } from '../util/mapWithConcurrency';
import { checkConfigurationSet } from './authenticity/checkConfigurationSet';
import { parseMessage, type SnsEnvelope } from './envelope';
import { feedbackIdOf } from './feedbackIdOf';
import { logger } from './logger';
import type { ProcessDependencies, RecordOutcome } from './processTypes';

/**
 * The plain-text `Message` SES publishes to a topic when an SNS event destination is created (and
 * again whenever it is re-created), as SES sends it. AWS does not document it beside the event
 * records (https://docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-sns-contents.html
 * lists only JSON records), but every event destination sends it once; peers that handle SES
 * events (django-anymail, LocalStack's SES emulation) recognise exactly this string.
 */
const SES_SETUP_NOTICE = 'Successfully validated SNS topic for Amazon SES event publishing.';

/** The `type` of the `ignored` outcome that acknowledges {@link SES_SETUP_NOTICE}. */
const SETUP_NOTICE_TYPE = 'SesSetupNotice';

/**
 * Acts on an authenticated `Notification`: parse its `Message` again, check the configuration set
 * it names, read the SES event, decide per recipient and write each recipient-event once.
 *
 * SES's setup notice ({@link SES_SETUP_NOTICE}) is acknowledged as `ignored`: it is authentic
 * (signature and topic checked before this) and says nothing about a recipient, so it writes
 * nothing and must not be retried into the dead-letter queue. Any other message that is not JSON
 * still fails.
 *
 * A malformed message fails (it came from our topic, so it must not vanish: it ends in the
 * dead-letter queue after bounded retries); an event of another configuration set is rejected; a
 * store error fails the record so that it is retried.
 *
 * @param log - the fields every log line of this record carries
 */
async function processNotification(envelope: SnsEnvelope, deps: ProcessDependencies, log: Readonly<Record<string, unknown>>): Promise<RecordOutcome> {
  let decision;
  let message: unknown;
  let clampedTimes = 0;
  // Compared whole, not by prefix: only SES's exact notice is acknowledged.
  if (envelope.Message === SES_SETUP_NOTICE) {
    logger.info('SES setup notice acknowledged: nothing written', log);
    return { kind: 'ignored', type: SETUP_NOTICE_TYPE };
  }
  try {
    message = parseMessage(envelope);
    const refused = checkConfigurationSet(message, deps.configurationSetName);
    if (refused !== undefined) return { kind: 'rejected', reason: refused, ...withFeedbackId(feedbackIdOf(message)) };
    const event = parseSesEvent(message);
    if (event.kind === 'ignored') {
      logger.debug('SES event type not acted on', { ...log, eventType: event.type });
      return { kind: 'ignored', type: event.type };
    }
    const bounded = boundEventTime(event.eventAt, event.mailAt, deps.now?.() ?? new Date());
    if (bounded.clamped !== undefined) {
      logger.warn('SES event time outside the accepted window: clamped', {
        ...log,
        feedbackId: event.feedbackId,
        why: bounded.clamped.reason,
        reported: bounded.clamped.reported.slice(0, 40),
        eventAt: bounded.eventAt,
      });
    }
    clampedTimes = bounded.clamped === undefined ? 0 : 1;
    decision = { feedbackId: event.feedbackId, kind: event.kind, ...decide({ ...event, eventAt: bounded.eventAt }, deps.policy) };
  } catch (error) {
    if (!(error instanceof MalformedMessageError)) throw error;
    logger.error('malformed SES message: nothing written; the record fails so that it ends in the dead-letter queue', {
      ...log,
      // Often still readable in a malformed event, and what an operator searches SES for.
      ...withFeedbackId(feedbackIdOf(message)),
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
  // Counts only: the addresses are in the table, and logs never hold them in full.
  logger.info('SES event recorded', {
    ...log,
    feedbackId: decision.feedbackId,
    eventType: decision.kind,
    recipients: decision.events.length,
    applied: applied.length,
    duplicates: decision.events.length - applied.length,
    invalidRecipients: decision.invalidRecipients.length,
  });
  return {
    kind: 'processed',
    applied,
    duplicates: decision.events.length - applied.length,
    invalidRecipients: decision.invalidRecipients.length,
    clampedTimes,
  };
}

function withFeedbackId(feedbackId: string | undefined): { feedbackId?: string } {
  return feedbackId === undefined ? {} : { feedbackId };
}

export { processNotification, SES_SETUP_NOTICE, SETUP_NOTICE_TYPE };
