import { createHash } from 'node:crypto';
import { RecordSource, SuppressionReason, SuppressionStatus, TENANT_NAME_PATTERN } from '../domain/constants';
import { decisionKeyOf } from '../domain/mergeEvent';
import type { SuppressionRecord } from '../domain/types';
import { TIMES_SEPARATOR } from './formatRecords';

/**
 * Any of these fields makes an import line a whole record rather than a suppression. (`status`
 * alone does not: hand-made lists carry one, and their lines stay suppressions.)
 */
const RECORD_LINE_FIELDS = ['source', 'firstEventAt', 'eventCount'] as const;

/** Optional text details a record line may carry. */
const DETAIL_TEXT_FIELDS = ['bounceType', 'bounceSubType', 'dsnStatus', 'diagnosticCode', 'complaintFeedbackType'] as const;

/**
 * The record an export line describes, or what is wrong with it. Required: `status`, `reason`,
 * `source`, `firstEventAt`, `lastEventAt` (ISO 8601, first ≤ last) and `eventCount` (≥ 1).
 * Optional: the details, `lastMessageId`, `decisionKey`, `softBounces` (entries `<ISO time>#<digest>`,
 * a JSON array, or space-separated in CSV), `tenants` (SES tenant names, the same two forms) and
 * `expiresAt` (epoch seconds).
 *
 * The feedback-id set is not exported; the restored item gets one id, `restore:<hash of the
 * line>`, so that later events take the store's usual one-request path. A line without
 * `decisionKey` (written by hand or an older export) ranks as a deciding event at `lastEventAt`.
 *
 * @example
 * recordOf('a@example.com', { status: 'suppressed', reason: 'bounce', source: 'operator', firstEventAt: '2026-01-01T00:00:00Z', lastEventAt: '2026-01-01T00:00:00Z', eventCount: 1 });
 */
function recordOf(email: string, fields: Record<string, unknown>): SuppressionRecord | string {
  const problems: string[] = [];
  const member = <T extends string>(name: string, allowed: readonly T[]): T | undefined => {
    const value = fields[name];
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    problems.push(`${name} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value ?? null)})`);
    return undefined;
  };
  const time = (name: string): string | undefined => {
    const value = fields[name];
    const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    if (!Number.isNaN(ms)) return new Date(ms).toISOString();
    problems.push(`${name} is not an ISO 8601 time (got ${JSON.stringify(value ?? null)})`);
    return undefined;
  };
  const integer = (name: string, min: number, required: boolean): number | undefined => {
    const value = fields[name];
    if (!required && (value === undefined || value === '')) return undefined;
    const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (Number.isSafeInteger(n) && n >= min) return n;
    problems.push(`${name} must be an integer of at least ${min} (got ${JSON.stringify(value ?? null)})`);
    return undefined;
  };
  const text = (name: string): string | undefined => {
    const value = fields[name];
    if (value === undefined || value === '') return undefined;
    if (typeof value === 'string') return value;
    problems.push(`${name} must be text (got ${JSON.stringify(value)})`);
    return undefined;
  };

  const status = member('status', Object.values(SuppressionStatus));
  const reason = member('reason', Object.values(SuppressionReason));
  const source = member('source', Object.values(RecordSource));
  const firstEventAt = time('firstEventAt');
  const lastEventAt = time('lastEventAt');
  const eventCount = integer('eventCount', 1, true);
  const expiresAt = integer('expiresAt', 0, false);
  const softBounces = softBouncesOf(fields.softBounces, problems);
  const tenants = tenantsOf(fields.tenants, problems);
  if (firstEventAt !== undefined && lastEventAt !== undefined && firstEventAt > lastEventAt) problems.push('firstEventAt is after lastEventAt');
  const decisionKey = text('decisionKey');
  // A suppression for some tenants only is soft for the account, with the suppressing reason and a
  // tenant rank (`0t#`, see `rankOf`): consistent, not a contradiction.
  const tenantScoped =
    status === SuppressionStatus.SOFT &&
    tenants !== undefined &&
    reason !== undefined &&
    statusOfReason(reason) === SuppressionStatus.SUPPRESSED &&
    (decisionKey === undefined || decisionKey.startsWith('0t#'));
  if (status !== undefined && reason !== undefined && statusOfReason(reason) !== status && !tenantScoped)
    problems.push(`status ${status} contradicts reason ${reason} (a ${reason} record is ${statusOfReason(reason)})`);
  if (decisionKey !== undefined) problems.push(...decisionKeyProblems(decisionKey, status, firstEventAt, lastEventAt, tenants !== undefined));
  const details = Object.fromEntries(DETAIL_TEXT_FIELDS.map((name) => [name, text(name)]).filter(([, value]) => value !== undefined));
  const lastMessageId = text('lastMessageId');
  if (
    problems.length > 0 ||
    status === undefined ||
    reason === undefined ||
    source === undefined ||
    firstEventAt === undefined ||
    lastEventAt === undefined ||
    eventCount === undefined
  ) {
    return problems.join('; ');
  }

  const restoreId = `restore:${createHash('sha256')
    .update(JSON.stringify([email, status, reason, source, firstEventAt, lastEventAt, eventCount]))
    .digest('hex')
    .slice(0, 32)}`;
  return {
    email,
    status,
    reason,
    source,
    ...details,
    firstEventAt,
    lastEventAt,
    lastMessageId: lastMessageId ?? restoreId,
    eventCount,
    decisionKey: decisionKey ?? decisionKeyOf({ email, feedbackId: restoreId, eventAt: lastEventAt, messageId: restoreId, source, status, reason }),
    feedbackIds: new Set([restoreId]),
    ...(softBounces === undefined ? {} : { softBounces }),
    ...(tenants === undefined ? {} : { tenants }),
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
}

/**
 * The status every event of a reason makes: the soft reasons are evidence only, every other one
 * suppresses (see `decideEvent` and `mergeEvent`). A line pairing them otherwise contradicts itself.
 */
function statusOfReason(reason: SuppressionReason): SuppressionStatus {
  return reason === SuppressionReason.TRANSIENT_BOUNCE || reason === SuppressionReason.NOT_SPAM_COMPLAINT
    ? SuppressionStatus.SOFT
    : SuppressionStatus.SUPPRESSED;
}

/**
 * What is wrong with a given `decisionKey`: it ranks the deciding event (see `decisionKeyOf`), so
 * its first part must say what the status says (`1` suppressed, `0` soft) and its time must be one
 * of the record's events (between `firstEventAt` and `lastEventAt`). A key that contradicts the
 * record would keep it soft through real hard bounces, or let a not-spam complaint outrank a
 * suppression.
 */
function decisionKeyProblems(
  key: string,
  status: SuppressionStatus | undefined,
  first: string | undefined,
  last: string | undefined,
  hasTenants: boolean,
): string[] {
  const match = /^(0t|[01])#([^#]+)#([A-Za-z0-9_:-]+)$/.exec(key);
  const ms = match === null ? Number.NaN : Date.parse(match[2] as string);
  if (match === null || Number.isNaN(ms) || new Date(ms).toISOString() !== match[2]) {
    return [`decisionKey is not one an export writes (got ${JSON.stringify(key)})`];
  }
  const problems: string[] = [];
  if (match[1] === '0t' && !hasTenants) problems.push("decisionKey ranks a tenant's suppression but the line names no tenants");
  const rankStatus = match[1] === '1' ? SuppressionStatus.SUPPRESSED : SuppressionStatus.SOFT;
  if (status !== undefined && rankStatus !== status) problems.push(`decisionKey ranks a ${rankStatus} event but status is ${status}`);
  const at = match[2] as string;
  if (first !== undefined && last !== undefined && (at < first || at > last)) {
    problems.push(`decisionKey's time ${at} is outside firstEventAt..lastEventAt (${first}..${last})`);
  }
  return problems;
}

/**
 * A string-set field from JSON (an array) or CSV (elements separated by spaces), each element
 * valid; `what` names the form in the problem. DynamoDB stores no empty set: none is absent.
 */
function stringSetOf(field: string, value: unknown, valid: (entry: string) => boolean, what: string, problems: string[]): ReadonlySet<string> | undefined {
  if (value === undefined || value === '') return undefined;
  const list: unknown[] | undefined = Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value.split(TIMES_SEPARATOR).filter((t) => t !== '')
      : undefined;
  if (list === undefined || !list.every((entry) => typeof entry === 'string' && valid(entry))) {
    problems.push(`${field} must be ${what} (got ${JSON.stringify(value)})`);
    return undefined;
  }
  return list.length === 0 ? undefined : new Set(list as string[]);
}

/** `softBounces`: entries `<ISO time>#<digest>`. */
function softBouncesOf(value: unknown, problems: string[]): ReadonlySet<string> | undefined {
  const valid = (entry: string) => /^[^#\s]+#[^#\s]+$/.test(entry) && !Number.isNaN(Date.parse(entry.slice(0, entry.indexOf('#'))));
  return stringSetOf('softBounces', value, valid, 'entries "<ISO 8601 time>#<digest>"', problems);
}

/** `tenants`: SES tenant names. */
function tenantsOf(value: unknown, problems: string[]): ReadonlySet<string> | undefined {
  return stringSetOf('tenants', value, (name) => TENANT_NAME_PATTERN.test(name), 'SES tenant names', problems);
}

export { RECORD_LINE_FIELDS, recordOf, statusOfReason };
