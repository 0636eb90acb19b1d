import { randomUUID } from 'node:crypto';
import type { SuppressionRecord } from '../domain/types';
import type { Item } from '../store/suppressionSchema';
import { AuditAttr, auditKey, toItem } from '../store/suppressionSchema';

/** What an audit entry says; the key and time are added by {@link auditItem}. */
interface AuditEntry {
  readonly action: 'add' | 'remove' | 'import';
  /** The address acted on; for an import, the file imported. */
  readonly address: string;
  readonly actor: string;
  readonly note?: string;
  /** The reason of an addition. */
  readonly reason?: string;
  /** What an import did. */
  readonly summary?: string;
  /** The record before the action, for a removal. */
  readonly before?: SuppressionRecord;
}

/**
 * The DynamoDB item of one audit entry. The record before the action is kept as JSON (sets as
 * arrays), so that a removed item can be read back, or restored, exactly.
 *
 * @example
 * auditItem({ action: 'remove', address: 'jane@example.com', actor: 'ops' }, new Date().toISOString());
 */
function auditItem(entry: AuditEntry, at: string, id: string = randomUUID()): Item {
  const before = entry.before === undefined ? undefined : toItem(entry.before);
  return {
    ...auditKey(at, id),
    [AuditAttr.ACTION]: entry.action,
    [AuditAttr.ADDRESS]: entry.address,
    [AuditAttr.ACTOR]: entry.actor,
    [AuditAttr.AT]: at,
    ...(entry.note === undefined ? {} : { [AuditAttr.NOTE]: entry.note }),
    ...(entry.reason === undefined ? {} : { [AuditAttr.REASON]: entry.reason }),
    ...(entry.summary === undefined ? {} : { [AuditAttr.SUMMARY]: entry.summary }),
    ...(before === undefined ? {} : { [AuditAttr.ITEM_BEFORE]: JSON.stringify(before, (_key, value: unknown) => (value instanceof Set ? [...value] : value)) }),
  };
}

export type { AuditEntry };
export { auditItem };
