import { normalizeAddress } from '../domain/address';
import { type RecordSource, type SuppressionReason, SuppressionStatus } from '../domain/constants';
import type { SuppressionRecord } from '../domain/types';

/**
 * The one place that spells the suppression table's attribute names. The handler, the sender
 * library, the CLI and the stack all take names from here.
 */
const PARTITION_KEY = 'email';

const Attr = {
  EMAIL: PARTITION_KEY,
  STATUS: 'status',
  REASON: 'reason',
  SOURCE: 'source',
  BOUNCE_TYPE: 'bounceType',
  BOUNCE_SUB_TYPE: 'bounceSubType',
  DSN_STATUS: 'dsnStatus',
  DIAGNOSTIC_CODE: 'diagnosticCode',
  COMPLAINT_FEEDBACK_TYPE: 'complaintFeedbackType',
  FIRST_EVENT_AT: 'firstEventAt',
  LAST_EVENT_AT: 'lastEventAt',
  LAST_MESSAGE_ID: 'lastMessageId',
  EVENT_COUNT: 'eventCount',
  DECISION_KEY: 'decisionKey',
  FEEDBACK_IDS: 'feedbackIds',
  PREVIOUS_FEEDBACK_IDS: 'previousFeedbackIds',
  /** Transient bounces for escalation, a string set of `<ISO time>#<feedback digest>`. */
  SOFT_BOUNCES: 'softBounces',
  /**
   * Where items written before `softBounces` existed keep their bounce times (a list without
   * digests). It is read by no one; the first transient bounce written to such an item removes
   * it, so that escalation starts counting afresh for that address.
   */
  LEGACY_SOFT_BOUNCE_TIMES: 'softBounceTimes',
  /**
   * The SES tenants the address is suppressed for, a string set of tenant names as SES spells
   * them (exact case), beside the account-wide status (see docs/tenants.md).
   */
  TENANTS: 'tenants',
  /** The table's TTL attribute (epoch seconds). */
  EXPIRES_AT: 'expiresAt',
  /** When an operator last released the address, ISO 8601 UTC (see {@link isReleaseMarker}). */
  RELEASED_AT: 'releasedAt',
} as const;
type Attr = (typeof Attr)[keyof typeof Attr];

/** The record fields that live in an attribute of the same meaning, key excluded. */
const RECORD_ATTRIBUTES = {
  status: Attr.STATUS,
  reason: Attr.REASON,
  source: Attr.SOURCE,
  bounceType: Attr.BOUNCE_TYPE,
  bounceSubType: Attr.BOUNCE_SUB_TYPE,
  dsnStatus: Attr.DSN_STATUS,
  diagnosticCode: Attr.DIAGNOSTIC_CODE,
  complaintFeedbackType: Attr.COMPLAINT_FEEDBACK_TYPE,
  firstEventAt: Attr.FIRST_EVENT_AT,
  lastEventAt: Attr.LAST_EVENT_AT,
  lastMessageId: Attr.LAST_MESSAGE_ID,
  eventCount: Attr.EVENT_COUNT,
  decisionKey: Attr.DECISION_KEY,
  feedbackIds: Attr.FEEDBACK_IDS,
  previousFeedbackIds: Attr.PREVIOUS_FEEDBACK_IDS,
  softBounces: Attr.SOFT_BOUNCES,
  tenants: Attr.TENANTS,
  expiresAt: Attr.EXPIRES_AT,
  releasedAt: Attr.RELEASED_AT,
} as const satisfies Record<Exclude<keyof SuppressionRecord, 'email'>, Attr>;

type Item = Record<string, unknown>;

/** The table key of an address as a sender or operator typed it, or `undefined` if it is not one. */
function keyOf(address: string): Item | undefined {
  const email = normalizeAddress(address);
  return email === undefined ? undefined : { [PARTITION_KEY]: email };
}

/** Record → item, in DynamoDB document form (sets as `Set`). Absent optional fields are omitted. */
function toItem(record: SuppressionRecord): Item {
  const item: Item = { [PARTITION_KEY]: record.email };
  for (const [field, attr] of Object.entries(RECORD_ATTRIBUTES)) {
    const value = record[field as keyof typeof RECORD_ATTRIBUTES];
    if (value !== undefined) item[attr] = value;
  }
  return item;
}

/**
 * Item → record. Total: an attribute that is missing or of another type reads as absent (`''`,
 * `0`, an empty set), so that a partial item (an adopted table, a release marker) can be read and
 * written again; the next event's write fills in what is missing (see `planWrite`).
 */
function fromItem(item: Item): SuppressionRecord {
  const text = (attr: Attr): string | undefined => (typeof item[attr] === 'string' ? (item[attr] as string) : undefined);
  const set = (attr: Attr): ReadonlySet<string> | undefined => (item[attr] instanceof Set ? (item[attr] as Set<string>) : undefined);
  return {
    email: String(item[PARTITION_KEY]),
    status: Object.values(SuppressionStatus).find((status) => status === item[Attr.STATUS]) as SuppressionStatus,
    reason: text(Attr.REASON) as SuppressionReason,
    source: text(Attr.SOURCE) as RecordSource,
    bounceType: text(Attr.BOUNCE_TYPE),
    bounceSubType: text(Attr.BOUNCE_SUB_TYPE),
    dsnStatus: text(Attr.DSN_STATUS),
    diagnosticCode: text(Attr.DIAGNOSTIC_CODE),
    complaintFeedbackType: text(Attr.COMPLAINT_FEEDBACK_TYPE),
    firstEventAt: text(Attr.FIRST_EVENT_AT) ?? '',
    lastEventAt: text(Attr.LAST_EVENT_AT) ?? '',
    lastMessageId: text(Attr.LAST_MESSAGE_ID) ?? '',
    eventCount: typeof item[Attr.EVENT_COUNT] === 'number' ? (item[Attr.EVENT_COUNT] as number) : 0,
    decisionKey: text(Attr.DECISION_KEY) ?? '',
    feedbackIds: set(Attr.FEEDBACK_IDS) ?? new Set(),
    previousFeedbackIds: set(Attr.PREVIOUS_FEEDBACK_IDS),
    softBounces: set(Attr.SOFT_BOUNCES),
    tenants: set(Attr.TENANTS),
    expiresAt: typeof item[Attr.EXPIRES_AT] === 'number' ? (item[Attr.EXPIRES_AT] as number) : undefined,
    releasedAt: text(Attr.RELEASED_AT),
  };
}

/**
 * Whether an item is what an operator's `remove` leaves: the key and the release time, no status.
 * It records that the address was released (so that older evidence never re-suppresses it) and is
 * no suppression: every reader takes the address as absent from the table.
 */
function isReleaseMarker(item: Item): boolean {
  return typeof item[Attr.RELEASED_AT] === 'string' && item[Attr.STATUS] === undefined;
}

/**
 * The record an item holds, or `undefined` for a release marker. An item without a status that
 * is no release marker (an adopted table's bare address) reads as a suppression: an address in
 * the suppression table blocks sending unless the table says it is soft.
 */
function recordOf(item: Item): SuppressionRecord | undefined {
  if (isReleaseMarker(item)) return undefined;
  const record = fromItem(item);
  return record.status === undefined ? { ...record, status: SuppressionStatus.SUPPRESSED } : record;
}

/**
 * The attributes a send-time check reads (a `BatchGetItem` projection): enough to say whether an
 * address blocks a send and why, and nothing more, so that every check stays cheap.
 */
const CHECK_ATTRIBUTES = [Attr.EMAIL, Attr.STATUS, Attr.REASON, Attr.SOURCE, Attr.LAST_EVENT_AT, Attr.RELEASED_AT] as const;

/**
 * What a check for a tenant reads: {@link CHECK_ATTRIBUTES} and the tenant set. Checks without a
 * tenant leave the set out (it can hold a hundred names).
 */
const TENANT_CHECK_ATTRIBUTES = [...CHECK_ATTRIBUTES, Attr.TENANTS] as const;

/**
 * Audit records share the table with suppression items (one table to provision, back up and
 * grant). Their key is `audit#<ISO time>#<uuid>` and holds no `@`, while every address key does
 * (`normalizeAddress` returns `local@domain` or nothing): so "holds no `@`" alone tells them apart,
 * and an address such as `audit#x@example.com` is an address like any other. Audit keys written
 * by earlier versions have the same form, so they need no migration.
 */
const AUDIT_KEY_PREFIX = 'audit#';

/** The character every address key holds and no audit key does. */
const ADDRESS_MARK = '@';

/** Attribute names of an audit record (its key is {@link PARTITION_KEY}, see {@link auditKey}). */
const AuditAttr = {
  /** What the operator did, e.g. `remove`. */
  ACTION: 'auditAction',
  /** The address acted on, normalised. */
  ADDRESS: 'auditAddress',
  /** The item as it was before the action, as a JSON string (sets as arrays). */
  ITEM_BEFORE: 'auditItemBefore',
  /** Who acted: the `--actor` given, or the OS user. */
  ACTOR: 'auditActor',
  /** When, ISO 8601 UTC. */
  AT: 'auditAt',
  /** Free text the operator gave, if any. */
  NOTE: 'auditNote',
  /** The reason an `add` gave (a removal's is in the item before it). */
  REASON: 'auditReason',
  /** What an `import` run did, e.g. `3 written, 1 restored, 0 unchanged, 0 kept`. */
  SUMMARY: 'auditSummary',
} as const;
type AuditAttr = (typeof AuditAttr)[keyof typeof AuditAttr];

/**
 * The key of a new audit record: `audit#<ISO time>#<id>`, so that audit keys sort by time and two
 * records of the same millisecond never collide.
 */
function auditKey(at: string, id: string): Item {
  return { [PARTITION_KEY]: `${AUDIT_KEY_PREFIX}${at}#${id}` };
}

/**
 * Whether a partition key value belongs to an audit record rather than to an address: the one
 * test, which {@link recordScanFilter} and {@link auditScanFilter} spell for DynamoDB.
 */
function isAuditKey(key: unknown): boolean {
  return typeof key === 'string' && !key.includes(ADDRESS_MARK);
}

/** A Scan filter, its placeholders named apart from any a caller adds. */
interface ScanFilter {
  readonly expression: string;
  readonly names: Record<string, string>;
  readonly values: Record<string, unknown>;
}

/**
 * The Scan filter that keeps suppression records: address keys ({@link isAuditKey} false), release
 * markers ({@link isReleaseMarker}) left out.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html
 */
function recordScanFilter(): ScanFilter {
  return {
    expression: 'contains(#sfKey, :sfAt) AND (attribute_exists(#sfStatus) OR attribute_not_exists(#sfReleased))',
    names: { '#sfKey': PARTITION_KEY, '#sfStatus': Attr.STATUS, '#sfReleased': Attr.RELEASED_AT },
    values: { ':sfAt': ADDRESS_MARK },
  };
}

/** The Scan filter that keeps audit records ({@link isAuditKey} true). */
function auditScanFilter(): ScanFilter {
  return { expression: 'NOT contains(#sfKey, :sfAt)', names: { '#sfKey': PARTITION_KEY }, values: { ':sfAt': ADDRESS_MARK } };
}

export type { Item, ScanFilter };
export {
  Attr,
  AUDIT_KEY_PREFIX,
  AuditAttr,
  auditKey,
  auditScanFilter,
  CHECK_ATTRIBUTES,
  fromItem,
  isAuditKey,
  isReleaseMarker,
  keyOf,
  PARTITION_KEY,
  RECORD_ATTRIBUTES,
  recordOf,
  recordScanFilter,
  TENANT_CHECK_ATTRIBUTES,
  toItem,
};
