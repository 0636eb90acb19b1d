import type { SuppressionRecord } from '../../src/domain/types';
import type { Condition, WritePlan } from '../../src/domain/writePlan';

/**
 * What DynamoDB does with a write plan, written from DynamoDB's documented semantics so that pure
 * tests can apply plans to records: a comparison with an absent attribute is false, every operand
 * reads the item as it was before the update, `ADD` creates what is absent, and `DELETE` of a
 * set's last elements removes the attribute.
 */
function conditionHolds(condition: Condition, record: SuppressionRecord | undefined): boolean {
  // A record read from a partial item holds '' and an empty set where the item has no attribute.
  const value = (field: string): unknown => {
    const actual = (record as Record<string, unknown> | undefined)?.[field];
    return actual === '' || (actual instanceof Set && actual.size === 0) ? undefined : actual;
  };
  switch (condition.op) {
    case 'itemAbsent':
      return record === undefined;
    case 'itemPresent':
      return record !== undefined;
    case 'absent': {
      return value(condition.field) === undefined;
    }
    case 'lessThan':
    case 'greaterThan':
    case 'equals': {
      const actual = value(condition.field);
      if (typeof actual !== 'string') return false;
      return condition.op === 'lessThan' ? actual < condition.value : condition.op === 'greaterThan' ? actual > condition.value : actual === condition.value;
    }
    case 'lacks': {
      const actual = value(condition.field);
      return !(actual instanceof Set && actual.has(condition.value));
    }
    case 'atLeast':
    case 'atMost': {
      const actual = value(condition.field);
      if (typeof actual !== typeof condition.value) return false;
      return condition.op === 'atLeast' ? (actual as string | number) >= condition.value : (actual as string | number) <= condition.value;
    }
    case 'sizeBelow':
    case 'sizeAtLeast': {
      const actual = value(condition.field);
      if (!(actual instanceof Set)) return false;
      return condition.op === 'sizeBelow' ? actual.size < condition.value : actual.size >= condition.value;
    }
    case 'and':
      return condition.of.every((part) => conditionHolds(part, record));
    case 'or':
      return condition.of.some((part) => conditionHolds(part, record));
  }
}

/** The record a plan leaves, its condition taken to hold. */
function applyPlan(record: SuppressionRecord | undefined, email: string, plan: WritePlan): SuppressionRecord {
  const before: Record<string, unknown> = { ...(record ?? { email }) };
  const item: Record<string, unknown> = { ...before };
  for (const [field, value] of plan.set) {
    if (value === undefined) delete item[field];
    else item[field] = value;
  }
  for (const [field, value] of plan.setIfAbsent) if (before[field] === undefined) item[field] = value;
  for (const [to, from] of plan.copy) item[to] = before[from];
  for (const [field, value] of plan.add) {
    const old = before[field];
    item[field] = typeof value === 'number' ? ((old as number | undefined) ?? 0) + value : new Set([...((old as Set<string> | undefined) ?? []), ...value]);
  }
  for (const [field, value] of plan.remove) {
    const left = new Set([...((before[field] as Set<string> | undefined) ?? [])].filter((element) => !value.has(element)));
    if (left.size === 0) delete item[field];
    else item[field] = left;
  }
  return item as unknown as SuppressionRecord;
}

/** A record in comparable form: absent fields dropped, sets as sorted arrays. */
function comparable(record: SuppressionRecord | undefined): Record<string, unknown> | undefined {
  if (record === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(record)
      .filter(([, value]) => value !== undefined)
      // Sorted by name, so that two equal records also serialize alike (JSON.stringify follows key order).
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, value]) => [key, value instanceof Set ? [...value].sort() : value]),
  );
}

export { applyPlan, comparable, conditionHolds };
