import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { StoreUnavailableError } from '../domain/errors';
import type { SuppressionRecord } from '../domain/types';
import { SuppressionStore } from '../store/SuppressionStore';
import { Attr, PARTITION_KEY } from '../store/suppressionSchema';
import { describeError } from '../util/describeError';
import { auditItem } from './auditItem';

/** Who removes, and why. */
interface RemoveOptions {
  readonly actor: string;
  readonly note?: string;
  /** @default - the current time */
  readonly now?: () => Date;
}

/** What a removal did: `undefined` when the address had no item. */
interface Removal {
  readonly removed: SuppressionRecord;
  /** The key of the audit record written with it. */
  readonly auditKey: string;
}

/** Reads and removals that may collide with a concurrent write before giving up. */
const MAX_ATTEMPTS = 3;

/**
 * Deletes an address's item and writes its audit record in one `TransactWriteItems`, so that no
 * removal is ever unrecorded. The item is read first and deleted only if it did not change in
 * between (its event count), so the audit record holds exactly what was removed.
 *
 * @example
 * const removal = await removeSuppression(client, 'SuppressionTable', 'jane@example.com', { actor: 'ops' });
 * if (removal === undefined) console.log('not in the table');
 * @throws StoreUnavailableError when the table cannot be read or written
 */
async function removeSuppression(client: DynamoDBDocumentClient, tableName: string, email: string, options: RemoveOptions): Promise<Removal | undefined> {
  const store = new SuppressionStore({ tableName, client });
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const current = await store.get(email);
    if (current === undefined) return undefined;
    const audit = auditItem(
      { action: 'remove', address: email, actor: options.actor, note: options.note, before: current },
      (options.now?.() ?? new Date()).toISOString(),
    );
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Delete: {
                TableName: tableName,
                Key: { [PARTITION_KEY]: email },
                // Every write adds to the count: an unchanged count means the item we read.
                ConditionExpression: '#count = :count',
                ExpressionAttributeNames: { '#count': Attr.EVENT_COUNT },
                ExpressionAttributeValues: { ':count': current.eventCount },
              },
            },
            {
              Put: {
                TableName: tableName,
                Item: audit,
                ConditionExpression: 'attribute_not_exists(#key)',
                ExpressionAttributeNames: { '#key': PARTITION_KEY },
              },
            },
          ],
        }),
      );
      return { removed: current, auditKey: String(audit[PARTITION_KEY]) };
    } catch (error) {
      const collided = error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';
      if (!collided) {
        throw new StoreUnavailableError(`TransactWriteItems on ${tableName} failed: ${describeError(error)}`, {
          cause: error,
        });
      }
    }
  }
  throw new StoreUnavailableError(`the item kept changing during ${MAX_ATTEMPTS} attempts to remove it; try again`);
}

export type { Removal, RemoveOptions };
export { removeSuppression };
