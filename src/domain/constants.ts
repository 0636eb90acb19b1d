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

/**
 * Whether a suppression holds for every tenant of the account or only for the SES tenant whose
 * mail caused it (SES tenants: https://docs.aws.amazon.com/ses/latest/dg/tenants.html).
 */
const SuppressionScope = {
  /** Every send is blocked, whatever its tenant (and sends with no tenant). */
  ACCOUNT: 'account',
  /** Only sends for the tenant the event came from are blocked. */
  TENANT: 'tenant',
} as const;
type SuppressionScope = (typeof SuppressionScope)[keyof typeof SuppressionScope];

/**
 * The tag SES adds to `mail.tags` of the bounce and complaint notifications of a tenanted send (a
 * list holding the tenant's name, like `ses:configuration-set`):
 * https://docs.aws.amazon.com/ses/latest/dg/tenants.html
 */
const SES_TENANT_TAG = 'ses:tenant-name';

/**
 * The message tag a sender may set (`EmailTags`) to name the tenant of a send when SES adds no
 * `ses:tenant-name` (sends without SES tenant management). SES returns message tags in
 * `mail.tags` as lists, the same way; its tag values allow exactly the characters SES allows in
 * tenant names (letters, digits, `-`, `_`), so every tenant name fits:
 * https://docs.aws.amazon.com/ses/latest/APIReference/API_MessageTag.html
 */
const TENANT_MESSAGE_TAG = 'sbg-tenant';

/**
 * An SES tenant name: 1 to 64 letters, digits, `-` and `_`
 * (https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_CreateTenant.html).
 */
const TENANT_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * SES's rule for a configuration set name: letters, digits, `_` and `-`, at most 64 characters.
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_CreateConfigurationSet.html
 */
const CONFIGURATION_SET_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The bounce subtype of a send that SES refused because the address is on the tenant's own
 * suppression list: https://docs.aws.amazon.com/ses/latest/dg/sending-email-suppression-list-tenant-level.html
 */
const ON_TENANT_SUPPRESSION_LIST = 'OnTenantSuppressionList';

/** Long SMTP diagnostics are cut to this many characters so that no item grows without bound. */
const MAX_DIAGNOSTIC_LENGTH = 1000;

export {
  CONFIGURATION_SET_NAME_PATTERN,
  FEEDBACK_DIGEST_LENGTH,
  FEEDBACK_ID_CAP,
  HANDLER_REASONS,
  MAX_DIAGNOSTIC_LENGTH,
  ON_TENANT_SUPPRESSION_LIST,
  RecordSource,
  SES_TENANT_TAG,
  SOFT_BOUNCE_MEMORY,
  SuppressionReason,
  SuppressionScope,
  SuppressionStatus,
  TENANT_MESSAGE_TAG,
  TENANT_NAME_PATTERN,
};
