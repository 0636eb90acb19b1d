/**
 * The `source` of every application event this package publishes. Rules match on it together with
 * the detail-type.
 */
const EVENT_SOURCE = 'ses-bounce-guard';

/** The detail-types: one per status transition of an address. */
const DetailType = {
  /** The address became `suppressed` (it had no item, or a soft one). */
  ADDRESS_SUPPRESSED: 'Address Suppressed',
  /** A suppressed address's item went away: an operator removed it, or its TTL expired. */
  ADDRESS_UNSUPPRESSED: 'Address Unsuppressed',
  /** A soft record (transient bounce, not-spam complaint) was created, updated or removed. Off by default. */
  SOFT_RECORD_CHANGED: 'Soft Record Changed',
} as const;
type DetailType = (typeof DetailType)[keyof typeof DetailType];

/**
 * The version of the detail schema, in every detail as `version`. A field added keeps it; a field
 * removed, renamed or changed in meaning increases it, so a consumer can refuse what it does not know.
 */
const DETAIL_VERSION = '1';

/** Why an address stopped being suppressed. */
const UnsuppressedCause = {
  /** Deleted by a caller: the operator CLI's `remove`, or any other DeleteItem. */
  REMOVED: 'removed',
  /** Deleted by DynamoDB's TTL process (the policy's `suppressionTtlDays`). */
  EXPIRED: 'expired',
  /** Rewritten as a soft record by a direct write to the table (the pipeline itself never does this). */
  DOWNGRADED: 'downgraded',
} as const;
type UnsuppressedCause = (typeof UnsuppressedCause)[keyof typeof UnsuppressedCause];

/** What happened to a soft record. */
const SoftRecordChange = {
  CREATED: 'created',
  UPDATED: 'updated',
  /** Deleted: by an operator, or (with `expired: true`) by TTL. */
  REMOVED: 'removed',
} as const;
type SoftRecordChange = (typeof SoftRecordChange)[keyof typeof SoftRecordChange];

export { DETAIL_VERSION, DetailType, EVENT_SOURCE, SoftRecordChange, UnsuppressedCause };
