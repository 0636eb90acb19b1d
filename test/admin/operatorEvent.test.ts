import { describe, expect, it } from 'vitest';
import { importEvent, manualEvent, sesSyncEvent } from '../../src/admin/operatorEvent';
import { mergeEvent } from '../../src/domain/mergeEvent';

describe('Function: manualEvent', () => {
  it('is a suppressing operator event with a unique feedback id', () => {
    // Act
    const event = manualEvent('jane@example.com', 'manual', '2026-01-01T00:00:00.000Z', 'id-1');

    // Assess
    expect(event).toEqual({
      email: 'jane@example.com',
      feedbackId: 'manual:id-1',
      messageId: 'manual:id-1',
      eventAt: '2026-01-01T00:00:00.000Z',
      source: 'operator',
      status: 'suppressed',
      reason: 'manual',
    });
    expect(manualEvent('jane@example.com', 'manual', '2026-01-01T00:00:00.000Z').feedbackId).not.toBe(
      manualEvent('jane@example.com', 'manual', '2026-01-01T00:00:00.000Z').feedbackId,
    );
  });

  it('is soft for a soft reason', () => {
    // Act & Assess
    expect(manualEvent('a@example.com', 'not_spam_complaint', '2026-01-01T00:00:00.000Z').status).toBe('soft');
  });
});

describe('Function: importEvent', () => {
  it('has the same feedback id for the same line, whenever it is imported', () => {
    // Act
    const first = importEvent('a@example.com', 'bounce', undefined, '2026-01-01T00:00:00.000Z');
    const again = importEvent('a@example.com', 'bounce', undefined, '2026-05-05T00:00:00.000Z');
    const other = importEvent('a@example.com', 'complaint', undefined, '2026-01-01T00:00:00.000Z');

    // Assess
    expect(first.feedbackId).toMatch(/^import:[0-9a-f]{32}$/);
    expect(again.feedbackId).toBe(first.feedbackId);
    expect(other.feedbackId).not.toBe(first.feedbackId);
    expect(mergeEvent(mergeEvent(undefined, first), again)).toBeUndefined();
  });
});

describe('Function: sesSyncEvent', () => {
  it('maps SES reasons and names the entry by address and update time', () => {
    // Act
    const complaint = sesSyncEvent('a@example.com', 'COMPLAINT', '2026-01-01T00:00:00.000Z');
    const bounce = sesSyncEvent('a@example.com', 'BOUNCE', '2026-01-01T00:00:00.000Z');

    // Assess
    expect(complaint).toMatchObject({ reason: 'complaint', status: 'suppressed', source: 'ses-account-suppression-list' });
    expect(complaint.feedbackId).toBe('ses-sync:a@example.com:2026-01-01T00:00:00.000Z');
    expect(bounce.reason).toBe('bounce');
  });
});
