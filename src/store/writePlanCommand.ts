import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Condition, RecordField, WritePlan } from '../domain/writePlan';
import { Attr, PARTITION_KEY, RECORD_ATTRIBUTES } from './suppressionSchema';

/**
 * Renders a write plan as one `UpdateItem` on the item of `email`.
 *
 * - Update expression clauses (SET, REMOVE, ADD, DELETE; `SET a = b` copies the value `b` had
 *   before the update; `ADD` joins set elements or adds to a number, creating the attribute when
 *   absent; `DELETE` takes elements out of a set):
 *   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html
 * - `ReturnValues: ALL_NEW` hands back the item as this update left it, strongly consistent, at no
 *   read capacity; `ReturnValuesOnConditionCheckFailure: ALL_OLD` hands back the item that failed
 *   the condition:
 *   https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/dynamodb/aws.sdk.kotlin.services.dynamodb.model/-update-item-request/return-values.html
 */
function writePlanCommand(tableName: string, email: string, plan: WritePlan): UpdateCommand {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const n = (field: RecordField | 'email'): string => {
    const attr = field === 'email' ? PARTITION_KEY : RECORD_ATTRIBUTES[field];
    names[`#${attr}`] = attr;
    return `#${attr}`;
  };
  const v = (value: unknown): string => {
    const placeholder = `:v${Object.keys(values).length}`;
    values[placeholder] = value;
    return placeholder;
  };

  const set: string[] = [];
  const remove: string[] = [];
  for (const [field, value] of plan.set) {
    if (value === undefined) remove.push(n(field));
    else set.push(`${n(field)} = ${v(value)}`);
  }
  for (const [field, value] of plan.setIfAbsent) set.push(`${n(field)} = if_not_exists(${n(field)}, ${v(value)})`);
  for (const [to, from] of plan.copy) set.push(`${n(to)} = ${n(from)}`);
  const add = plan.add.map(([field, value]) => `${n(field)} ${v(value)}`);
  const del = plan.remove.map(([field, value]) => `${n(field)} ${v(value)}`);
  if (plan.add.some(([field]) => field === 'softBounces')) {
    names[`#${Attr.LEGACY_SOFT_BOUNCE_TIMES}`] = Attr.LEGACY_SOFT_BOUNCE_TIMES;
    remove.push(`#${Attr.LEGACY_SOFT_BOUNCE_TIMES}`);
  }
  const expression = [
    set.length > 0 ? `SET ${set.join(', ')}` : '',
    remove.length > 0 ? `REMOVE ${remove.join(', ')}` : '',
    add.length > 0 ? `ADD ${add.join(', ')}` : '',
    del.length > 0 ? `DELETE ${del.join(', ')}` : '',
  ].filter((clause) => clause !== '');
  const condition = render(plan.condition, n, v);
  return new UpdateCommand({
    TableName: tableName,
    Key: { [PARTITION_KEY]: email },
    UpdateExpression: expression.join(' '),
    ...(condition === '' ? {} : { ConditionExpression: condition }),
    ExpressionAttributeNames: names,
    ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
    ReturnValues: 'ALL_NEW',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  });
}

/**
 * A condition in DynamoDB's condition syntax; `''` for one that always holds. Functions and
 * comparators: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html
 */
function render(condition: Condition, n: (field: RecordField | 'email') => string, v: (value: unknown) => string): string {
  switch (condition.op) {
    case 'itemAbsent':
      return `attribute_not_exists(${n('email')})`;
    case 'itemPresent':
      return `attribute_exists(${n('email')})`;
    case 'absent':
      return `attribute_not_exists(${n(condition.field)})`;
    case 'lessThan':
      return `${n(condition.field)} < ${v(condition.value)}`;
    case 'greaterThan':
      return `${n(condition.field)} > ${v(condition.value)}`;
    case 'equals':
      return `${n(condition.field)} = ${v(condition.value)}`;
    case 'lacks':
      return `(attribute_not_exists(${n(condition.field)}) OR NOT contains(${n(condition.field)}, ${v(condition.value)}))`;
    case 'atLeast':
      return `${n(condition.field)} >= ${v(condition.value)}`;
    case 'atMost':
      return `${n(condition.field)} <= ${v(condition.value)}`;
    case 'sizeBelow':
      return `size(${n(condition.field)}) < ${v(condition.value)}`;
    case 'sizeAtLeast':
      return `size(${n(condition.field)}) >= ${v(condition.value)}`;
    case 'and':
    case 'or': {
      const parts = condition.of.map((part) => render(part, n, v)).filter((part) => part !== '');
      if (parts.length === 0) return '';
      return parts.length === 1 ? (parts[0] as string) : `(${parts.join(condition.op === 'and' ? ' AND ' : ' OR ')})`;
    }
  }
}

export { writePlanCommand };
