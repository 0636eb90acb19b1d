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

/**
 * The reasons the bounce handler's decisions give each status (src/domain/decide.ts, and the
 * escalation in planWrite.ts): the `Reason` values its Suppressions and SoftRecords metrics carry.
 * `manual` is the CLI's alone. The dashboard plots exactly these; test/domain/decide.test.ts
 * checks that the decisions stay inside them.
 */
const HANDLER_REASONS = {
  suppressed: [SuppressionReason.BOUNCE, SuppressionReason.COMPLAINT, SuppressionReason.SOFT_BOUNCE_THRESHOLD],
  soft: [SuppressionReason.TRANSIENT_BOUNCE, SuppressionReason.NOT_SPAM_COMPLAINT],
} as const;

/** Where the deciding event came from. */
const RecordSource = {
  /** Configuration-set event publishing (`eventType`). */
  EVENT_PUBLISHING: 'ses-event-publishing',
  /** Identity notifications (`notificationType`). */
  IDENTITY_NOTIFICATION: 'ses-identity-notification',
  /** An operator, through the CLI. */
  OPERATOR: 'operator',
  /** SES's account-level suppression list, copied by the CLI's `sync-ses`. */
  SES_ACCOUNT_SUPPRESSION_LIST: 'ses-account-suppression-list',
} as const;
type RecordSource = (typeof RecordSource)[keyof typeof RecordSource];

/**
 * The most feedback-id digests an item keeps in its current set before it rotates it into the
 * previous one: an item remembers the last 50 to 100 events of its address. Two sets of 50
 * digests of {@link FEEDBACK_DIGEST_LENGTH} characters cost about 1 KB, which keeps an item of any
 * age within about 3 KB (3 write units). See `feedbackDigest` for the collision and redelivery
 * arithmetic.
 */
const FEEDBACK_ID_CAP = 50;

/**
 * Characters of a feedback-id digest: base64url of SHA-256, 6 bits each, so 60 bits. SES feedback
 * ids are about 60 characters; the digest is what an item stores.
 */
const FEEDBACK_DIGEST_LENGTH = 10;

/**
 * The fewest transient bounces an item keeps for escalation (it keeps at least the threshold).
 * Escalation is decided on the newest this many; older ones are dropped once twice as many are
 * held, so that dropping costs a write only every few bounces.
 */
const SOFT_BOUNCE_MEMORY = 6;

/** Long SMTP diagnostics are cut to this many characters so that no item grows without bound. */
const MAX_DIAGNOSTIC_LENGTH = 1000;

export {
  FEEDBACK_DIGEST_LENGTH,
  FEEDBACK_ID_CAP,
  HANDLER_REASONS,
  MAX_DIAGNOSTIC_LENGTH,
  RecordSource,
  SOFT_BOUNCE_MEMORY,
  SuppressionReason,
  SuppressionStatus,
};
