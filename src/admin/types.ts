/** One entry of the audit trail (see `AuditAttr` in the schema module). */
interface AuditRecord {
  /** The audit item's key, `audit#<ISO time>#<uuid>`. */
  readonly key: string;
  /** What was done: `remove`, `add` or `import`. */
  readonly action: string;
  /** The address acted on, normalised; for `import`, the file. */
  readonly address: string;
  readonly actor: string;
  /** ISO 8601 UTC. */
  readonly at: string;
  readonly note?: string;
  /** The reason added (`add`) or removed (`remove`: the item's before it). */
  readonly reason?: string;
  /** What an `import` did. */
  readonly summary?: string;
  /** The item as it was before the action (sets as arrays); for `remove`. */
  readonly itemBefore?: Record<string, unknown>;
}

/** Counts of the table's records. */
interface TableStats {
  readonly total: number;
  readonly byStatus: Record<string, number>;
  readonly byReason: Record<string, number>;
  /** `status/reason` pairs, e.g. `suppressed/bounce`. */
  readonly byStatusAndReason: Record<string, number>;
}

export type { AuditRecord, TableStats };
