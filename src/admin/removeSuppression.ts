import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { StoreUnavailableError } from '../domain/errors';
import type { SuppressionRecord } from '../domain/types';
import { SuppressionStore } from '../store/SuppressionStore';
import { Attr, PARTITION_KEY, RECORD_ATTRIBUTES } from '../store/suppressionSchema';
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
 * Releases an address (its item becomes a release marker, see `releaseUpdate`) and writes its audit
 * record in one `TransactWriteItems`, so that no removal is ever unrecorded. The item is read first
 * and released only if it did not change in between (its event count), so the audit record holds
 * exactly what was removed.
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
    const at = (options.now?.() ?? new Date()).toISOString();
    const audit = auditItem({ action: 'remove', address: email, actor: options.actor, note: options.note, before: current }, at);
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: releaseUpdate(tableName, email, current, at) },
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

/**
 * The update that releases an address: it empties the item down to a release marker (the key and
 * `releasedAt`, see `isReleaseMarker`) rather than deleting it, so that the handler, which writes
 * with a condition on `releasedAt`, never lets an event older than the release re-suppress it, on
 * any container. The marker holds no status, so every reader takes the address as absent.
 */
function releaseUpdate(tableName: string, email: string, current: SuppressionRecord, at: string) {
  const attrs = [...Object.values(RECORD_ATTRIBUTES).filter((attr) => attr !== Attr.RELEASED_AT), Attr.LEGACY_SOFT_BOUNCE_TIMES];
  const names: Record<string, string> = Object.fromEntries(attrs.map((attr) => [`#${attr}`, attr]));
  return {
    TableName: tableName,
    Key: { [PARTITION_KEY]: email },
    UpdateExpression: `REMOVE ${attrs.map((attr) => `#${attr}`).join(', ')} SET #${Attr.RELEASED_AT} = :at`,
    // Every write adds to the count: an unchanged count means the item we read (a partial item
    // has none, which counts as zero).
    ConditionExpression:
      current.eventCount === 0
        ? `attribute_exists(#key) AND (attribute_not_exists(#${Attr.EVENT_COUNT}) OR #${Attr.EVENT_COUNT} = :count)`
        : `attribute_exists(#key) AND #${Attr.EVENT_COUNT} = :count`,
    ExpressionAttributeNames: { ...names, '#key': PARTITION_KEY, [`#${Attr.RELEASED_AT}`]: Attr.RELEASED_AT },
    ExpressionAttributeValues: { ':count': current.eventCount, ':at': at },
  };
}

export type { Removal, RemoveOptions };
export { removeSuppression };
