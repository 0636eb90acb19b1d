import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { StoreUnavailableError } from '../domain/errors';
import type { SuppressionRecord } from '../domain/types';
import { fromItem, PARTITION_KEY, toItem } from '../store/suppressionSchema';
import { describeError } from '../util/describeError';
import { exportedRecord } from './formatRecords';

/**
 * What restoring one record did: `restored` (the address had no item), `unchanged` (the item
 * already is this record: a re-run), or `kept` (the address has a different item, left as it is:
 * a backup never overwrites what the table learnt since).
 */
type RestoreResult = 'restored' | 'unchanged' | 'kept';

/**
 * Writes a record from an export back, as one conditional `PutItem` that succeeds only where the
 * address has no item. When it has one, DynamoDB returns it with the failed condition
 * (`ReturnValuesOnConditionCheckFailure: ALL_OLD`, which costs no read units), so telling a re-run
 * (`unchanged`) from a newer item (`kept`) takes no second request.
 * https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/dynamodb/aws.sdk.kotlin.services.dynamodb.model/-delete-item-request/return-values-on-condition-check-failure.html
 * (the same parameter on PutItem: https://pub.dev/documentation/document_client/latest/document_client/Put/returnValuesOnConditionCheckFailure.html)
 *
 * @example
 * await restoreRecord(client, 'SuppressionTable', record); // 'restored'
 * @throws StoreUnavailableError when the table cannot be written
 */
async function restoreRecord(client: DynamoDBDocumentClient, tableName: string, record: SuppressionRecord): Promise<RestoreResult> {
  try {
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: toItem(record),
        ConditionExpression: 'attribute_not_exists(#key)',
        ExpressionAttributeNames: { '#key': PARTITION_KEY },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return 'restored';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException && error.Item !== undefined) {
      return sameRecord(fromItem(unmarshall(error.Item)), record) ? 'unchanged' : 'kept';
    }
    throw new StoreUnavailableError(`PutItem on ${tableName} failed: ${describeError(error)}`, { cause: error });
  }
}

/** Whether two records agree on everything an export holds. */
function sameRecord(a: SuppressionRecord, b: SuppressionRecord): boolean {
  return JSON.stringify(exportedRecord(a)) === JSON.stringify(exportedRecord(b));
}

export type { RestoreResult };
export { restoreRecord, sameRecord };
