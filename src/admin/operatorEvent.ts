import { createHash, randomUUID } from 'node:crypto';
import { RecordSource, SuppressionReason, SuppressionStatus } from '../domain/constants';
import type { RecipientEvent } from '../domain/types';

/** Reasons whose records are kept as evidence only: they never block a send. */
const SOFT_REASONS: ReadonlySet<SuppressionReason> = new Set([SuppressionReason.TRANSIENT_BOUNCE, SuppressionReason.NOT_SPAM_COMPLAINT]);

/** Reasons an operator may give (`add --reason`, an import line's `reason`). */
const OPERATOR_REASONS: readonly SuppressionReason[] = Object.values(SuppressionReason);

/**
 * The synthetic event an operator's `add` writes through `SuppressionStore.apply`, so that the item
 * looks exactly like one the Lambda writes. Each call is a new event (`manual:<uuid>`).
 *
 * @example
 * manualEvent('jane@example.com', 'manual', '2026-01-01T00:00:00.000Z');
 */
function manualEvent(email: string, reason: SuppressionReason, eventAt: string, id: string = randomUUID()): RecipientEvent {
  return synthetic(email, reason, eventAt, `manual:${id}`, RecordSource.OPERATOR);
}

/**
 * The event one import line writes. Its feedback id is a hash of what the line says, so importing
 * the same file twice (say, after an interrupted run) changes nothing the second time.
 *
 * @param eventAt - the line's time, or `undefined` for "now"
 */
function importEvent(email: string, reason: SuppressionReason, eventAt: string | undefined, now: string): RecipientEvent {
  const digest = createHash('sha256')
    .update(`${email}\n${reason}\n${eventAt ?? ''}`)
    .digest('hex')
    .slice(0, 32);
  return synthetic(email, reason, eventAt ?? now, `import:${digest}`, RecordSource.OPERATOR);
}

/**
 * The event one entry of SES's account-level suppression list writes. Deterministic per
 * (address, last update), so a repeated sync is a no-op and a re-suppression by SES is a new event.
 */
function sesSyncEvent(email: string, sesReason: string, lastUpdateTime: string): RecipientEvent {
  const reason = sesReason === 'COMPLAINT' ? SuppressionReason.COMPLAINT : SuppressionReason.BOUNCE;
  return synthetic(email, reason, lastUpdateTime, `ses-sync:${email}:${lastUpdateTime}`, RecordSource.SES_ACCOUNT_SUPPRESSION_LIST);
}

function synthetic(email: string, reason: SuppressionReason, eventAt: string, feedbackId: string, source: RecordSource): RecipientEvent {
  return {
    email,
    feedbackId,
    eventAt,
    // No SES mail lies behind an operator's event; the feedback id names it uniquely instead.
    messageId: feedbackId,
    source,
    status: SOFT_REASONS.has(reason) ? SuppressionStatus.SOFT : SuppressionStatus.SUPPRESSED,
    reason,
  };
}

export { importEvent, manualEvent, OPERATOR_REASONS, sesSyncEvent };
