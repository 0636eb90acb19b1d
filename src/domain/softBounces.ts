import { SOFT_BOUNCE_MEMORY } from './constants';
import type { SuppressionPolicy } from './policy';

/**
 * Transient bounces are kept for escalation as set elements `<ISO time>#<feedback digest>`, so
 * that adding one is a commutative `ADD` to a string set (two bounces of the same instant stay
 * two elements, and a redelivered bounce adds nothing), and so that the elements sort by time.
 */
const SEPARATOR = '#';

const DAY_MS = 86_400_000;

/** The set element of a transient bounce. */
function softBounceEntry(eventAt: string, digest: string): string {
  return `${eventAt}${SEPARATOR}${digest}`;
}

/** How many of the newest transient bounces escalation looks at: at least the threshold. */
function softBounceMemory(policy: SuppressionPolicy): number {
  return Math.max(policy.softBounceThreshold, SOFT_BOUNCE_MEMORY);
}

/** The newest {@link softBounceMemory} elements, ascending. */
function newestSoftBounces(entries: Iterable<string>, policy: SuppressionPolicy): string[] {
  return [...entries].sort().slice(-softBounceMemory(policy));
}

/**
 * The elements to drop: none until the set holds more than twice {@link softBounceMemory}, then
 * all but the newest. Dropping only what is older than the newest `memory` elements of a snapshot
 * never drops one of the newest of the whole set, so concurrent writers may drop in any order.
 */
function staleSoftBounces(entries: ReadonlySet<string>, policy: SuppressionPolicy): string[] {
  if (entries.size <= 2 * softBounceMemory(policy)) return [];
  const keep = new Set(newestSoftBounces(entries, policy));
  return [...entries].filter((entry) => !keep.has(entry));
}

/**
 * The transient bounce that the newest ones escalate at, or `undefined` when they do not reach the
 * threshold: the latest bounce with threshold − 1 others within the window before it. It depends
 * only on the set, never on the order in which its elements arrived, and it never moves earlier
 * when an element is added (while the set is within its memory).
 */
function escalatingSoftBounce(entries: Iterable<string>, policy: SuppressionPolicy): { eventAt: string; digest: string } | undefined {
  const n = policy.softBounceThreshold;
  if (n <= 1) return undefined;
  const newest = newestSoftBounces(entries, policy).map(parseEntry);
  const windowMs = policy.softBounceWindowDays * DAY_MS;
  for (let last = newest.length - 1; last >= n - 1; last--) {
    const end = newest[last] as ParsedEntry;
    if (end.at - (newest[last - n + 1] as ParsedEntry).at <= windowMs) return { eventAt: end.eventAt, digest: end.digest };
  }
  return undefined;
}

interface ParsedEntry {
  readonly eventAt: string;
  readonly digest: string;
  readonly at: number;
}

function parseEntry(entry: string): ParsedEntry {
  const cut = entry.lastIndexOf(SEPARATOR);
  const eventAt = entry.slice(0, cut);
  return { eventAt, digest: entry.slice(cut + 1), at: Date.parse(eventAt) };
}

export { escalatingSoftBounce, newestSoftBounces, softBounceEntry, softBounceMemory, staleSoftBounces };
