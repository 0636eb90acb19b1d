import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { DeleteSuppressedDestinationCommand, NotFoundException } from '@aws-sdk/client-sesv2';
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
    // Every event adds to the count: an unchanged count means the item we read (a partial item
    // has none, which counts as zero). Status and decision key must be the ones read too (an
    // operator's add changes them without counting), so that the audit record says what was
    // released (suppressed or soft), never less; a partial item may lack them.
    ConditionExpression: [
      'attribute_exists(#key)',
      current.eventCount === 0 ? `(attribute_not_exists(#${Attr.EVENT_COUNT}) OR #${Attr.EVENT_COUNT} = :count)` : `#${Attr.EVENT_COUNT} = :count`,
      `(attribute_not_exists(#${Attr.STATUS}) OR #${Attr.STATUS} = :status)`,
      current.decisionKey === undefined
        ? `attribute_not_exists(#${Attr.DECISION_KEY})`
        : `(attribute_not_exists(#${Attr.DECISION_KEY}) OR #${Attr.DECISION_KEY} = :decisionKey)`,
    ].join(' AND '),
    ExpressionAttributeNames: { ...names, '#key': PARTITION_KEY, [`#${Attr.RELEASED_AT}`]: Attr.RELEASED_AT },
    ExpressionAttributeValues: {
      ':count': current.eventCount,
      ':at': at,
      ':status': current.status,
      ...(current.decisionKey === undefined ? {} : { ':decisionKey': current.decisionKey }),
    },
  };
}

/**
 * The spellings to try on SES's account-level suppression list: its calls match the address
 * exactly, case included, and SES keeps it as the mail named it
 * (https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_DeleteSuppressedDestination.html,
 * https://docs.aws.amazon.com/ses/latest/dg/sending-email-suppression-list.html), while the table
 * keys it lower-cased. So: as the operator typed it, then with the domain lower-cased, then all
 * lower-case.
 *
 * @example
 * sesSpellings('Jane.Doe@Example.COM', 'jane.doe@example.com'); // ['Jane.Doe@Example.COM', 'Jane.Doe@example.com', 'jane.doe@example.com']
 */
function sesSpellings(typed: string, email: string): string[] {
  const open = typed.lastIndexOf('<');
  const close = typed.lastIndexOf('>');
  const spec = (open >= 0 && close > open ? typed.slice(open + 1, close) : typed).trim();
  const at = spec.lastIndexOf('@');
  const domainLowered = at > 0 ? `${spec.slice(0, at)}@${spec.slice(at + 1).toLowerCase()}` : spec;
  return [...new Set([spec, domainLowered, email])];
}

/**
 * Deletes an address from SES's account-level suppression list under the first of its spellings
 * that SES holds. `undefined` when SES lists none of them.
 *
 * @throws the SES client's error for anything but `NotFoundException`
 */
async function removeFromSes(ses: SESv2Client, typed: string, email: string): Promise<string | undefined> {
  for (const spelling of sesSpellings(typed, email)) {
    try {
      await ses.send(new DeleteSuppressedDestinationCommand({ EmailAddress: spelling }));
      return spelling;
    } catch (error) {
      if (!(error instanceof NotFoundException)) throw error;
    }
  }
  return undefined;
}

export type { Removal, RemoveOptions };
export { removeFromSes, removeSuppression, sesSpellings };
