import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { SuppressionStatus } from '../../src/domain/constants';
import type { SuppressionRecord } from '../../src/domain/types';
import { DETAIL_VERSION, DetailType, SoftRecordChange, UnsuppressedCause } from '../../src/events/constants';
import type { ApplicationEvent, DetailBase, RecordDetail } from '../../src/events/types';
import { isAuditKey, PARTITION_KEY, recordOf } from '../../src/store/suppressionSchema';

/** Which optional event types are on. */
interface TransitionOptions {
  /** Publish `Soft Record Changed`. */
  readonly softRecordEvents: boolean;
}

/** A stream record that cannot be read: it fails its batch (and reaches the on-failure queue) instead of being skipped. */
class MalformedStreamRecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedStreamRecordError';
  }
}

/**
 * The application event one table change means, or `undefined` when it means none. Transitions,
 * not writes:
 *
 * | before      | after       | event                                     |
 * | ----------- | ----------- | ----------------------------------------- |
 * | none, soft  | suppressed  | Address Suppressed                        |
 * | suppressed  | none        | Address Unsuppressed (removed or expired) |
 * | suppressed  | soft        | Address Unsuppressed (downgraded)         |
 * | suppressed  | suppressed  | none: counters, feedback ids, times moved |
 * | none, soft  | soft        | Soft Record Changed (if turned on)        |
 * | soft        | none        | Soft Record Changed, removed (if on)      |
 *
 * Audit items (keys without `@`, see `isAuditKey`) never mean an event; a release marker (what
 * `remove` leaves) reads as "none", and an item without a status as a suppression (`recordOf`).
 *
 * @param record - one DynamoDB stream record as Lambda delivers it (view type NEW_AND_OLD_IMAGES)
 * @throws MalformedStreamRecordError when the record lacks its id, key, sequence number or an image its operation needs
 */
function applicationEventFor(record: DynamoDBRecord, options: TransitionOptions): ApplicationEvent | undefined {
  const stream = record.dynamodb;
  const key = stream?.Keys === undefined ? undefined : unmarshall(stream.Keys as Record<string, AttributeValue>)[PARTITION_KEY];
  if (typeof key !== 'string' || record.eventID === undefined || stream?.SequenceNumber === undefined) {
    throw new MalformedStreamRecordError('stream record without eventID, SequenceNumber or a string key');
  }
  if (isAuditKey(key)) return undefined;
  const before = imageOf(stream.OldImage, record.eventName === 'MODIFY' || record.eventName === 'REMOVE');
  const after = imageOf(stream.NewImage, record.eventName === 'MODIFY' || record.eventName === 'INSERT');
  const base: DetailBase = {
    version: DETAIL_VERSION,
    eventId: record.eventID,
    address: key,
    changedAt: new Date((stream.ApproximateCreationDateTime ?? 0) * 1000).toISOString(),
    sequenceNumber: stream.SequenceNumber,
  };
  const wasSuppressed = before?.status === SuppressionStatus.SUPPRESSED;
  const isSuppressed = after?.status === SuppressionStatus.SUPPRESSED;

  if (after !== undefined && isSuppressed && !wasSuppressed) {
    return { detailType: DetailType.ADDRESS_SUPPRESSED, detail: { ...base, previousStatus: before === undefined ? 'none' : 'soft', ...recordDetail(after) } };
  }
  if (before !== undefined && wasSuppressed && !isSuppressed) {
    const expired = after === undefined && deletedByTtl(record);
    const cause = after !== undefined ? UnsuppressedCause.DOWNGRADED : expired ? UnsuppressedCause.EXPIRED : UnsuppressedCause.REMOVED;
    return { detailType: DetailType.ADDRESS_UNSUPPRESSED, detail: { ...base, cause, expired, previous: recordDetail(before) } };
  }
  if (!options.softRecordEvents || wasSuppressed || isSuppressed) return undefined;
  if (after !== undefined) {
    const change = before === undefined ? SoftRecordChange.CREATED : SoftRecordChange.UPDATED;
    return { detailType: DetailType.SOFT_RECORD_CHANGED, detail: { ...base, change, expired: false, record: recordDetail(after) } };
  }
  if (before !== undefined) {
    return {
      detailType: DetailType.SOFT_RECORD_CHANGED,
      detail: { ...base, change: SoftRecordChange.REMOVED, expired: deletedByTtl(record), record: recordDetail(before) },
    };
  }
  return undefined;
}

/**
 * Whether DynamoDB's TTL process deleted the item: its stream records carry
 * `userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' }`, a caller's delete
 * carries none. https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_Record.html
 */
function deletedByTtl(record: DynamoDBRecord): boolean {
  const identity = record.userIdentity as { type?: unknown; principalId?: unknown } | undefined;
  return identity?.type === 'Service' && identity.principalId === 'dynamodb.amazonaws.com';
}

function imageOf(image: NonNullable<DynamoDBRecord['dynamodb']>['NewImage'], required: boolean): SuppressionRecord | undefined {
  if (image === undefined) {
    // NEW_AND_OLD_IMAGES gives every image an operation has; a missing one means another view type.
    if (required) throw new MalformedStreamRecordError('stream record without the image its operation has: is the view type NEW_AND_OLD_IMAGES?');
    return undefined;
  }
  return recordOf(unmarshall(image as Record<string, AttributeValue>));
}

function recordDetail(record: SuppressionRecord): RecordDetail {
  const optional = {
    bounceType: record.bounceType,
    bounceSubType: record.bounceSubType,
    dsnStatus: record.dsnStatus,
    complaintFeedbackType: record.complaintFeedbackType,
  };
  return {
    reason: record.reason,
    source: record.source,
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
    firstEventAt: record.firstEventAt,
    lastEventAt: record.lastEventAt,
    eventCount: record.eventCount,
  };
}

export type { TransitionOptions };
export { applicationEventFor, deletedByTtl, MalformedStreamRecordError };
