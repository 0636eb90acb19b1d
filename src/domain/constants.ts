/**
 * Whether an address blocks sending.
 *
 * `soft` items are kept for evidence (transient bounces, not-spam complaints) and never block a send.
 */
const SuppressionStatus = {
  SUPPRESSED: 'suppressed',
  SOFT: 'soft',
} as const;
type SuppressionStatus = (typeof SuppressionStatus)[keyof typeof SuppressionStatus];

/** Why an item exists. */
const SuppressionReason = {
  BOUNCE: 'bounce',
  COMPLAINT: 'complaint',
  TRANSIENT_BOUNCE: 'transient_bounce',
  NOT_SPAM_COMPLAINT: 'not_spam_complaint',
  MANUAL: 'manual',
  /** Enough transient bounces in a short window (see `SuppressionPolicy`). */
  SOFT_BOUNCE_THRESHOLD: 'soft_bounce_threshold',
} as const;
type SuppressionReason = (typeof SuppressionReason)[keyof typeof SuppressionReason];

/** Where the deciding event came from. */
const EventOrigin = {
  /** Configuration-set event publishing (`eventType`). */
  EVENT_PUBLISHING: 'ses-event-publishing',
  /** Identity notifications (`notificationType`). */
  IDENTITY_NOTIFICATION: 'ses-identity-notification',
  /** An operator, through the CLI. */
  OPERATOR: 'operator',
  /** SES's account-level suppression list, copied by the CLI's `sync-ses`. */
  SES_ACCOUNT_SUPPRESSION_LIST: 'ses-account-suppression-list',
} as const;
type EventOrigin = (typeof EventOrigin)[keyof typeof EventOrigin];

/**
 * The most feedback ids an item keeps in its current set before it rotates it into the previous one.
 * Two sets of 100 ids of ~70 bytes keep an item near 15 KB at most, far below DynamoDB's 400 KB
 * limit (and every write is billed by item size), while remembering the last 100 to 200 events of
 * an address: more than one address meets within any redelivery window (SNS retries for up to
 * 23 days, SQS keeps messages up to 14).
 */
const FEEDBACK_ID_CAP = 100;

/** Long SMTP diagnostics are cut to this many characters so that no item grows without bound. */
const MAX_DIAGNOSTIC_LENGTH = 1000;

export {
  EventOrigin,
  FEEDBACK_ID_CAP,
  MAX_DIAGNOSTIC_LENGTH,
  SuppressionReason,
  SuppressionStatus,
};
