import type { EventOrigin, SuppressionReason, SuppressionStatus } from '../domain/constants';
import type { SuppressionRecord } from '../domain/types';
import { normalizeAddress } from '../domain/address';

/**
 * The one place that spells the suppression table's attribute names. The handler, the sender
 * library, the CLI and the stack all take names from here.
 */
const PARTITION_KEY = 'email';

const Attr = {
  EMAIL: PARTITION_KEY,
  STATUS: 'status',
  REASON: 'reason',
  ORIGIN: 'source',
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
  /** The table's TTL attribute (epoch seconds). */
  EXPIRES_AT: 'expiresAt',
} as const;
type Attr = (typeof Attr)[keyof typeof Attr];

/** The record fields that live in an attribute of the same meaning, key excluded. */
const RECORD_ATTRIBUTES = {
  status: Attr.STATUS,
  reason: Attr.REASON,
  origin: Attr.ORIGIN,
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
  expiresAt: Attr.EXPIRES_AT,
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

/** Item → record. */
function fromItem(item: Item): SuppressionRecord {
  const text = (attr: Attr): string | undefined => (typeof item[attr] === 'string' ? (item[attr] as string) : undefined);
  const set = (attr: Attr): ReadonlySet<string> | undefined => (item[attr] instanceof Set ? (item[attr] as Set<string>) : undefined);
  return {
    email: String(item[PARTITION_KEY]),
    status: text(Attr.STATUS) as SuppressionStatus,
    reason: text(Attr.REASON) as SuppressionReason,
    origin: text(Attr.ORIGIN) as EventOrigin,
    bounceType: text(Attr.BOUNCE_TYPE),
    bounceSubType: text(Attr.BOUNCE_SUB_TYPE),
    dsnStatus: text(Attr.DSN_STATUS),
    diagnosticCode: text(Attr.DIAGNOSTIC_CODE),
    complaintFeedbackType: text(Attr.COMPLAINT_FEEDBACK_TYPE),
    firstEventAt: text(Attr.FIRST_EVENT_AT) ?? '',
    lastEventAt: text(Attr.LAST_EVENT_AT) ?? '',
    lastMessageId: text(Attr.LAST_MESSAGE_ID) ?? '',
    eventCount: Number(item[Attr.EVENT_COUNT] ?? 0),
    decisionKey: text(Attr.DECISION_KEY) ?? '',
    feedbackIds: set(Attr.FEEDBACK_IDS) ?? new Set(),
    previousFeedbackIds: set(Attr.PREVIOUS_FEEDBACK_IDS),
    softBounces: set(Attr.SOFT_BOUNCES),
    expiresAt: typeof item[Attr.EXPIRES_AT] === 'number' ? (item[Attr.EXPIRES_AT] as number) : undefined,
  };
}

/**
 * The attributes a send-time check reads (a `BatchGetItem` projection): enough to say whether an
 * address blocks a send and why, and nothing more, so that every check stays cheap.
 */
const CHECK_ATTRIBUTES = [Attr.EMAIL, Attr.STATUS, Attr.REASON, Attr.ORIGIN, Attr.LAST_EVENT_AT] as const;

/**
 * Audit records share the table with suppression items (one table to provision, back up and
 * grant). Their key starts with this prefix and holds no `@`, so it is never an address: the
 * Lambda, {@link keyOf} and every scan of addresses skip it.
 */
const AUDIT_KEY_PREFIX = 'audit#';

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
} as const;
type AuditAttr = (typeof AuditAttr)[keyof typeof AuditAttr];

/**
 * The key of a new audit record: `audit#<ISO time>#<id>`, so that audit keys sort by time and two
 * records of the same millisecond never collide.
 */
function auditKey(at: string, id: string): Item {
  return { [PARTITION_KEY]: `${AUDIT_KEY_PREFIX}${at}#${id}` };
}

/** Whether a partition key value belongs to an audit record rather than to an address. */
function isAuditKey(key: unknown): boolean {
  return typeof key === 'string' && key.startsWith(AUDIT_KEY_PREFIX);
}

export {
  AUDIT_KEY_PREFIX,
  Attr,
  AuditAttr,
  CHECK_ATTRIBUTES,
  PARTITION_KEY,
  RECORD_ATTRIBUTES,
  auditKey,
  fromItem,
  isAuditKey,
  keyOf,
  toItem,
};
export type { Item };
