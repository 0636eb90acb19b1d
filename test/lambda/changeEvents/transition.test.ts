import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { applicationEventFor, MalformedStreamRecordError } from '../../../lambda/changeEvents/transition';
import { auditItem } from '../../../src/admin/auditItem';
import type { SuppressionRecord } from '../../../src/domain/types';
import { toItem } from '../../../src/store/suppressionSchema';

const SUPPRESSED: SuppressionRecord = {
  email: 'jane@example.com',
  status: 'suppressed',
  reason: 'bounce',
  source: 'ses-event-publishing',
  bounceType: 'Permanent',
  bounceSubType: 'General',
  dsnStatus: '5.1.1',
  diagnosticCode: 'smtp; 550 5.1.1 user unknown',
  firstEventAt: '2026-01-01T00:00:00.000Z',
  lastEventAt: '2026-01-02T00:00:00.000Z',
  lastMessageId: 'm-1',
  eventCount: 2,
  decisionKey: 'k',
  feedbackIds: new Set(['f-1', 'f-2']),
};
const SOFT: SuppressionRecord = {
  ...SUPPRESSED,
  status: 'soft',
  reason: 'transient_bounce',
  bounceType: 'Transient',
  dsnStatus: '4.2.2',
  eventCount: 1,
  feedbackIds: new Set(['f-0']),
};

const image = (item: Record<string, unknown>) => marshall(item, { removeUndefinedValues: true }) as Record<string, AttributeValue>;

/** A stream record as Lambda delivers it, for an item before and after a change. */
function record(before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined, extra: Partial<DynamoDBRecord> = {}): DynamoDBRecord {
  const key = String((after ?? before)?.email);
  return {
    eventID: 'event-1',
    eventName: before === undefined ? 'INSERT' : after === undefined ? 'REMOVE' : 'MODIFY',
    dynamodb: {
      ApproximateCreationDateTime: 1_780_000_000,
      Keys: image({ email: key }) as never,
      ...(before === undefined ? {} : { OldImage: image(before) as never }),
      ...(after === undefined ? {} : { NewImage: image(after) as never }),
      SequenceNumber: '100000000000000000001',
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    ...extra,
  };
}

const OFF = { softRecordEvents: false };
const ON = { softRecordEvents: true };
const TTL = { userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' } };

describe('Function: applicationEventFor', () => {
  it("turns a new suppressed item into Address Suppressed from none, with the record's details and no diagnostic text", () => {
    // Act
    const event = applicationEventFor(record(undefined, toItem(SUPPRESSED)), OFF);

    // Assess
    expect(event).toEqual({
      detailType: 'Address Suppressed',
      detail: {
        version: '1',
        eventId: 'event-1',
        address: 'jane@example.com',
        changedAt: '2026-05-28T20:26:40.000Z',
        sequenceNumber: '100000000000000000001',
        previousStatus: 'none',
        reason: 'bounce',
        source: 'ses-event-publishing',
        bounceType: 'Permanent',
        bounceSubType: 'General',
        dsnStatus: '5.1.1',
        firstEventAt: '2026-01-01T00:00:00.000Z',
        lastEventAt: '2026-01-02T00:00:00.000Z',
        eventCount: 2,
      },
    });
  });

  it('turns soft → suppressed into Address Suppressed from soft', () => {
    // Act
    const event = applicationEventFor(record(toItem(SOFT), toItem(SUPPRESSED)), OFF);

    // Assess
    expect(event?.detailType).toBe('Address Suppressed');
    expect(event?.detail).toMatchObject({ previousStatus: 'soft' });
  });

  it.each([
    [
      'counters, feedback ids and times',
      { ...SUPPRESSED, eventCount: 3, lastEventAt: '2026-02-01T00:00:00.000Z', feedbackIds: new Set(['f-1', 'f-2', 'f-3']) },
    ],
    ['the deciding event (a complaint after a bounce)', { ...SUPPRESSED, reason: 'complaint', complaintFeedbackType: 'abuse', eventCount: 3 }],
  ] as const)('publishes nothing when only %s change on a suppressed address, even with soft events on', (_what, after) => {
    // Act & Assess
    expect(applicationEventFor(record(toItem(SUPPRESSED), toItem(after as SuppressionRecord)), ON)).toBeUndefined();
  });

  it('tells an operator removal from a TTL expiry', () => {
    // Act
    const removed = applicationEventFor(record(toItem(SUPPRESSED), undefined), OFF);
    const expired = applicationEventFor(record(toItem(SUPPRESSED), undefined, TTL), OFF);

    // Assess
    expect(removed?.detail).toMatchObject({ cause: 'removed', expired: false, previous: { reason: 'bounce', eventCount: 2 } });
    expect(expired?.detail).toMatchObject({ cause: 'expired', expired: true });
    expect([removed?.detailType, expired?.detailType]).toEqual(['Address Unsuppressed', 'Address Unsuppressed']);
  });

  it('does not take a delete by another service principal for a TTL expiry', () => {
    // Act
    const event = applicationEventFor(record(toItem(SUPPRESSED), undefined, { userIdentity: { type: 'Service', principalId: 'other.amazonaws.com' } }), OFF);

    // Assess
    expect(event?.detail).toMatchObject({ cause: 'removed', expired: false });
  });

  it('calls a suppressed item rewritten as soft a downgrade', () => {
    // Act & Assess
    expect(applicationEventFor(record(toItem(SUPPRESSED), toItem(SOFT)), OFF)?.detail).toMatchObject({ cause: 'downgraded', expired: false });
  });

  it('publishes soft records only when turned on: created, updated, removed and expired', () => {
    // Act
    const created = applicationEventFor(record(undefined, toItem(SOFT)), ON);
    const updated = applicationEventFor(record(toItem(SOFT), toItem({ ...SOFT, eventCount: 2 })), ON);
    const expired = applicationEventFor(record(toItem(SOFT), undefined, TTL), ON);
    const off = [record(undefined, toItem(SOFT)), record(toItem(SOFT), undefined, TTL)].map((r) => applicationEventFor(r, OFF));

    // Assess
    expect([created, updated, expired].map((e) => [e?.detailType, (e?.detail as { change?: string } | undefined)?.change])).toEqual([
      ['Soft Record Changed', 'created'],
      ['Soft Record Changed', 'updated'],
      ['Soft Record Changed', 'removed'],
    ]);
    expect(expired?.detail).toMatchObject({ expired: true, record: { reason: 'transient_bounce', dsnStatus: '4.2.2' } });
    expect(off).toEqual([undefined, undefined]);
  });

  it('never publishes for an audit item, whatever happens to it', () => {
    // Prepare
    const audit = auditItem({ action: 'remove', address: 'jane@example.com', actor: 'ops', before: SUPPRESSED }, '2026-01-01T00:00:00.000Z', 'id');

    // Act & Assess
    expect([record(undefined, audit), record(audit, undefined)].map((r) => applicationEventFor(r, ON))).toEqual([undefined, undefined]);
  });

  it.each([
    ['no eventID', { eventID: undefined }],
    ['no sequence number', { dynamodb: { Keys: image({ email: 'a@example.com' }) as never, NewImage: image(toItem(SUPPRESSED)) as never } }],
    ['no key', { dynamodb: { SequenceNumber: '1', NewImage: image(toItem(SUPPRESSED)) as never } }],
  ] as const)('refuses a record with %s', (_what, overrides) => {
    // Act & Assess
    expect(() => applicationEventFor({ ...record(undefined, toItem(SUPPRESSED)), ...overrides } as DynamoDBRecord, OFF)).toThrow(MalformedStreamRecordError);
  });

  it('refuses a MODIFY without its old image (a stream with only new images)', () => {
    // Prepare
    const modify = record(toItem(SOFT), toItem(SUPPRESSED));
    const newOnly: DynamoDBRecord = { ...modify, dynamodb: { ...modify.dynamodb, OldImage: undefined } };

    // Act & Assess
    expect(() => applicationEventFor(newOnly, OFF)).toThrow(/NEW_AND_OLD_IMAGES/);
  });
});
