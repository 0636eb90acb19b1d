import type { SuppressionRecord } from './types';

/** A record field other than the key: the store maps each to its attribute. */
type RecordField = Exclude<keyof SuppressionRecord, 'email'>;

/** A value a plan writes. */
type PlanValue = string | number | ReadonlySet<string>;

/**
 * One condition of a conditional update, in the terms DynamoDB evaluates. A comparison with an
 * attribute the item lacks is false, as in DynamoDB.
 */
type Condition =
  | { readonly op: 'itemAbsent' | 'itemPresent' }
  | { readonly op: 'absent'; readonly field: RecordField }
  | { readonly op: 'lessThan' | 'greaterThan' | 'equals'; readonly field: RecordField; readonly value: string }
  | { readonly op: 'lacks'; readonly field: RecordField; readonly value: string }
  | { readonly op: 'sizeBelow' | 'sizeAtLeast'; readonly field: RecordField; readonly value: number }
  | { readonly op: 'atLeast' | 'atMost'; readonly field: RecordField; readonly value: string | number }
  | { readonly op: 'and' | 'or'; readonly of: readonly Condition[] };

/**
 * One conditional `UpdateItem`, as data: pure code decides it (`planWrite`), the store renders it
 * (`writePlanCommand`) and tests evaluate it against records.
 */
interface WritePlan {
  /** `SET field = value`, or `REMOVE field` where the value is `undefined`. */
  readonly set: readonly (readonly [RecordField, PlanValue | undefined])[];
  /** `SET field = if_not_exists(field, value)`. */
  readonly setIfAbsent: readonly (readonly [RecordField, string])[];
  /** `SET to = from`: the value `from` had before this update. */
  readonly copy: readonly (readonly [RecordField, RecordField])[];
  /** `ADD field value`: a number added, or set elements joined. */
  readonly add: readonly (readonly [RecordField, number | ReadonlySet<string>])[];
  /** `DELETE field value`: set elements taken out. */
  readonly remove: readonly (readonly [RecordField, ReadonlySet<string>])[];
  readonly condition: Condition;
}

export type { Condition, PlanValue, RecordField, WritePlan };
