import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { FEEDBACK_ID_CAP, SuppressionReason } from '../domain/constants';
import { StoreUnavailableError } from '../domain/errors';
import { decisionKeyOf, mergeEvent } from '../domain/mergeEvent';
import { DEFAULT_POLICY, type SuppressionPolicy, expiryOf } from '../domain/policy';
import type { RecipientEvent, SuppressionRecord } from '../domain/types';
import { Attr, DETAIL_FIELDS, PARTITION_KEY, RECORD_ATTRIBUTES, fromItem, keyOf, toItem } from './suppressionSchema';

/** Options of {@link SuppressionStore}. */
interface SuppressionStoreOptions {
  /** The suppression table's name. */
  readonly tableName: string;
  /**
   * The client to use.
   * @default - a client from the SDK's standard configuration (region, credentials and
   * `AWS_ENDPOINT_URL_DYNAMODB` from the environment)
   */
  readonly client?: DynamoDBDocumentClient;
  /**
   * Feedback ids an item keeps per generation before it rotates them.
   * @default FEEDBACK_ID_CAP (1,000)
   */
  readonly feedbackIdCap?: number;
  /**
   * Escalation, DSN override and expiry.
   * @default DEFAULT_POLICY
   */
  readonly policy?: SuppressionPolicy;
}

/** What writing one recipient-event did. */
type ApplyResult = 'applied' | 'duplicate';

/**
 * Optimistic retries of the slow path before giving up; each one means another writer changed the
 * item in between, which takes many concurrent events for one address. Giving up fails the record,
 * which is then retried whole: nothing is lost.
 */
const MAX_SLOW_PATH_ATTEMPTS = 20;

/**
 * Reads and writes the suppression table.
 *
 * Every recipient-event is one conditional `UpdateItem` (the fast path) when it is the newest and
 * most deciding event the address has seen, as nearly every event is. The condition fails when the
 * event was applied before (a redelivery: nothing changes), or when it arrives out of order or the
 * feedback-id set is full; DynamoDB then returns the item, {@link mergeEvent} computes the result,
 * and a second update writes it guarded by the event count (the slow path).
 */
class SuppressionStore {
  readonly tableName: string;
  readonly #client: DynamoDBDocumentClient;
  readonly #feedbackIdCap: number;
  readonly #policy: SuppressionPolicy;

  constructor(options: SuppressionStoreOptions) {
    this.tableName = options.tableName;
    this.#client = options.client ?? DynamoDBDocumentClient.from(new DynamoDBClient({}));
    this.#feedbackIdCap = options.feedbackIdCap ?? FEEDBACK_ID_CAP;
    this.#policy = options.policy ?? DEFAULT_POLICY;
  }

  /**
   * Writes one recipient-event exactly once.
   * @returns `duplicate` when the event was applied before (nothing changed)
   * @throws StoreUnavailableError when DynamoDB cannot be reached or refuses the request
   */
  async apply(event: RecipientEvent): Promise<ApplyResult> {
    let current = await this.#send(() => this.#fastPath(event));
    for (let attempt = 0; current !== undefined && attempt < MAX_SLOW_PATH_ATTEMPTS; attempt++) {
      const merged = mergeEvent(current, event, { feedbackIdCap: this.#feedbackIdCap, policy: this.#policy });
      if (merged === undefined) return 'duplicate';
      if (attempt > 0) await jitteredBackoff(attempt);
      current = await this.#send(() => this.#replace(current as SuppressionRecord, merged));
    }
    if (current !== undefined) {
      throw new StoreUnavailableError(`item for ${PARTITION_KEY} kept changing under ${MAX_SLOW_PATH_ATTEMPTS} attempts`);
    }
    return 'applied';
  }

  /** The record of an address, or `undefined`. Strongly consistent. */
  async get(address: string): Promise<SuppressionRecord | undefined> {
    const key = keyOf(address);
    if (key === undefined) return undefined;
    try {
      const { Item } = await this.#client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
      return Item === undefined ? undefined : fromItem(Item);
    } catch (error) {
      throw new StoreUnavailableError(`GetItem on ${this.tableName} failed: ${describe(error)}`, { cause: error });
    }
  }

  /** The update that equals {@link mergeEvent} when the event is new, newest and most deciding. */
  #fastPath(event: RecipientEvent): UpdateCommand {
    const { names, n } = expressionNames();
    const set = [
      `${n(Attr.FIRST_EVENT_AT)} = if_not_exists(${n(Attr.FIRST_EVENT_AT)}, :eventAt)`,
      `${n(Attr.LAST_EVENT_AT)} = :eventAt`,
      `${n(Attr.LAST_MESSAGE_ID)} = :messageId`,
      `${n(Attr.DECISION_KEY)} = :decisionKey`,
    ];
    const remove: string[] = [];
    const values: Record<string, unknown> = {
      ':eventAt': event.eventAt,
      ':messageId': event.messageId,
      ':decisionKey': decisionKeyOf(event),
      ':fid': event.feedbackId,
      ':fids': new Set([event.feedbackId]),
      ':one': 1,
      ':cap': this.#feedbackIdCap,
    };
    // On this path the event decides and is the latest, so the item's status and last event time
    // become the event's, and so does the expiry they imply.
    const expiresAt = expiryOf(event.status, event.eventAt, this.#policy);
    if (expiresAt === undefined) remove.push(n(Attr.EXPIRES_AT));
    else {
      set.push(`${n(Attr.EXPIRES_AT)} = :expiresAt`);
      values[':expiresAt'] = expiresAt;
    }
    // Escalation needs the history only when this bounce could complete the threshold; the
    // condition below sends that case to the slow path, where mergeEvent decides it.
    const tracksSoftBounces = this.#policy.softBounceThreshold > 1 && event.reason === SuppressionReason.TRANSIENT_BOUNCE;
    if (tracksSoftBounces) {
      set.push(`${n(Attr.SOFT_BOUNCE_TIMES)} = list_append(if_not_exists(${n(Attr.SOFT_BOUNCE_TIMES)}, :noTimes), :eventAtList)`);
      values[':noTimes'] = [];
      values[':eventAtList'] = [event.eventAt];
      values[':belowThreshold'] = this.#policy.softBounceThreshold - 1;
    }
    for (const field of DETAIL_FIELDS) {
      // Details describe the deciding event alone: one it lacks must not survive from an older one.
      if (event[field] === undefined) remove.push(n(RECORD_ATTRIBUTES[field]));
      else {
        set.push(`${n(RECORD_ATTRIBUTES[field])} = :${field}`);
        values[`:${field}`] = event[field];
      }
    }
    // Each named part is one reason the fast path may not apply; when one is false DynamoDB returns
    // the item and the slow path decides (a duplicate, or a merge).
    const itemIsNew = `attribute_not_exists(${n(Attr.EMAIL)})`;
    const notAppliedYet =
      `NOT contains(${n(Attr.FEEDBACK_IDS)}, :fid) AND ` +
      `(attribute_not_exists(${n(Attr.PREVIOUS_FEEDBACK_IDS)}) OR NOT contains(${n(Attr.PREVIOUS_FEEDBACK_IDS)}, :fid))`;
    const roomForId = `size(${n(Attr.FEEDBACK_IDS)}) < :cap`;
    const cannotEscalate = tracksSoftBounces
      ? ` AND (attribute_not_exists(${n(Attr.SOFT_BOUNCE_TIMES)}) OR size(${n(Attr.SOFT_BOUNCE_TIMES)}) < :belowThreshold)`
      : '';
    const decidesNow = `${n(Attr.DECISION_KEY)} < :decisionKey`;
    const isNewest =
      `(${n(Attr.LAST_EVENT_AT)} < :eventAt OR ` +
      `(${n(Attr.LAST_EVENT_AT)} = :eventAt AND ${n(Attr.LAST_MESSAGE_ID)} < :messageId))`;
    return new UpdateCommand({
      TableName: this.tableName,
      Key: { [PARTITION_KEY]: event.email },
      UpdateExpression:
        `SET ${set.join(', ')}` +
        (remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : '') +
        ` ADD ${n(Attr.EVENT_COUNT)} :one, ${n(Attr.FEEDBACK_IDS)} :fids`,
      ConditionExpression: `${itemIsNew} OR (${notAppliedYet} AND ${roomForId} AND ${decidesNow} AND ${isNewest}${cannotEscalate})`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  }

  /** Writes a merged record over `current`, provided nobody changed it since it was read. */
  #replace(current: SuppressionRecord, merged: SuppressionRecord): UpdateCommand {
    const { names, n } = expressionNames();
    const item = toItem(merged);
    const set: string[] = [];
    const remove: string[] = [];
    const values: Record<string, unknown> = { ':expectedCount': current.eventCount };
    Object.values(RECORD_ATTRIBUTES).forEach((attr, i) => {
      if (item[attr] === undefined) remove.push(n(attr));
      else {
        set.push(`${n(attr)} = :v${i}`);
        values[`:v${i}`] = item[attr];
      }
    });
    return new UpdateCommand({
      TableName: this.tableName,
      Key: { [PARTITION_KEY]: merged.email },
      UpdateExpression: `SET ${set.join(', ')}` + (remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''),
      // Every write adds to the count, so an unchanged count means an unchanged item.
      ConditionExpression: `${n(Attr.EVENT_COUNT)} = :expectedCount`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  }

  /**
   * Sends a conditional update. Resolves `undefined` when it was applied, or the item as it stands
   * when the condition failed.
   */
  async #send(command: () => UpdateCommand): Promise<SuppressionRecord | undefined> {
    try {
      await this.#client.send(command());
      return undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException && error.Item !== undefined) {
        return fromItem(unmarshall(error.Item));
      }
      throw new StoreUnavailableError(`UpdateItem on ${this.tableName} failed: ${describe(error)}`, { cause: error });
    }
  }
}

/** Placeholders for attribute names (several are DynamoDB reserved words), recording those used. */
function expressionNames(): { names: Record<string, string>; n: (attr: string) => string } {
  const names: Record<string, string> = {};
  return {
    names,
    n: (attr) => {
      names[`#${attr}`] = attr;
      return `#${attr}`;
    },
  };
}

/** Spreads writers that keep colliding on one item: up to 5, 10, 20 ... 100 ms. */
function jitteredBackoff(attempt: number): Promise<void> {
  const ceiling = Math.min(100, 5 * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export { SuppressionStore };
export type { ApplyResult, SuppressionStoreOptions };
