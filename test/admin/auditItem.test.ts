import { describe, expect, it } from 'vitest';
import { auditItem } from '../../src/admin/auditItem';
import { feedbackDigest } from '../../src/domain/feedbackDigest';
import { mergeEvent } from '../../src/domain/mergeEvent';
import { isAuditKey, keyOf } from '../../src/store/suppressionSchema';
import { recipientEvent } from '../helpers/records';

describe('Function: auditItem', () => {
  it('keys the entry by time and id, never as an address, and keeps the record before as JSON', () => {
    // Prepare
    const before = mergeEvent(undefined, recipientEvent('jane@example.com', { feedbackId: 'f-1' }))!;

    // Act
    const item = auditItem({ action: 'remove', address: 'jane@example.com', actor: 'alice', note: 'ticket', before }, '2026-01-01T00:00:00.000Z', 'id-1');

    // Assess
    expect(item).toMatchObject({
      email: 'audit#2026-01-01T00:00:00.000Z#id-1',
      auditAction: 'remove',
      auditAddress: 'jane@example.com',
      auditActor: 'alice',
      auditAt: '2026-01-01T00:00:00.000Z',
      auditNote: 'ticket',
    });
    expect(JSON.parse(String(item.auditItemBefore))).toMatchObject({ email: 'jane@example.com', status: 'suppressed', feedbackIds: [feedbackDigest('f-1')] });
    expect(isAuditKey(item.email)).toBe(true);
    expect(isAuditKey('jane@example.com')).toBe(false);
    expect(keyOf(String(item.email))).toBeUndefined();
  });
});
