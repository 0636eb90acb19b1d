import { RecordSource, SuppressionReason, SuppressionStatus } from '../../src/domain/constants';
import type { RecipientEvent } from '../../src/domain/types';
import { SuppressionStore } from '../../src/store/SuppressionStore';
import { localDocumentClient } from './table';

let sequence = 0;

/** A recipient-event as the decision table makes it: a permanent bounce unless overridden. */
function recipientEvent(email: string, overrides: Partial<RecipientEvent> = {}): RecipientEvent {
  sequence++;
  return {
    email,
    feedbackId: `test-feedback-${sequence}-${Date.now()}`,
    eventAt: '2026-01-01T00:00:00.000Z',
    messageId: `test-message-${sequence}`,
    source: RecordSource.EVENT_PUBLISHING,
    status: SuppressionStatus.SUPPRESSED,
    reason: SuppressionReason.BOUNCE,
    bounceType: 'Permanent',
    bounceSubType: 'General',
    ...overrides,
  };
}

/** A soft (transient bounce) event: recorded, never blocking. */
function softEvent(email: string): RecipientEvent {
  return recipientEvent(email, { status: SuppressionStatus.SOFT, reason: SuppressionReason.TRANSIENT_BOUNCE, bounceType: 'Transient' });
}

/** Writes events through the real store into DynamoDB Local. */
async function seed(tableName: string, ...events: RecipientEvent[]): Promise<void> {
  const store = new SuppressionStore({ tableName, client: localDocumentClient() });
  for (const event of events) await store.apply(event);
}

export { recipientEvent, seed, softEvent };
