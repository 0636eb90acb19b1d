import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { FEEDBACK_ID_CAP } from '../domain/constants';
import { StoreUnavailableError } from '../domain/errors';
import { planFollowUp, planWrite } from '../domain/planWrite';
import { DEFAULT_POLICY, type SuppressionPolicy } from '../domain/policy';
import type { RecipientEvent, SuppressionRecord } from '../domain/types';
import type { WritePlan } from '../domain/writePlan';
import { describeError } from '../util/describeError';
import { fromItem, keyOf, recordOf } from './suppressionSchema';
import { writePlanCommand } from './writePlanCommand';

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
   * Feedback-id digests an item keeps per generation before it rotates them.
   * @default FEEDBACK_ID_CAP (50)
   */
  readonly feedbackIdCap?: number;
  /**
   * Escalation, DSN override and expiry.
   * @default DEFAULT_POLICY
   */
  readonly policy?: SuppressionPolicy;
  /**
   * Items this store remembers as its last write left them, to write the next event of the same
   * address right the first time (out-of-order events, hot addresses, redeliveries). 0 turns it off.
   * @default KNOWN_ITEMS (1,000, a few MB at most)
   */
  readonly knownItems?: number;
}

/**
 * What writing one recipient-event did: `duplicate` when it was applied before, `released` when an
 * operator released the address at or after the event's time (both change nothing).
 */
type ApplyResult = 'applied' | 'duplicate' | 'released';

/** Default of {@link SuppressionStoreOptions.knownItems}. */
const KNOWN_ITEMS = 1000;

/**
 * A bound that contention never reaches: each failed condition means another event changed a fact
 * this write relied on (the item appeared, a time widened, a rank rose, a generation filled), and
 * each can change only a few times before the event's write needs none of them (see `planWrite`).
 * Reaching it means something else is wrong, and the record fails to be retried whole.
 */
const MAX_ATTEMPTS = 100;

/**
 * Reads and writes the suppression table.
 *
 * Every recipient-event is one conditional `UpdateItem` planned by `planWrite` (equal to
 * `mergeEvent`), rarely followed by a second one when transient bounces reach the escalation
 * threshold. A failed condition returns the item as it stands; the store then plans again from
 * it. The item each write leaves (`ALL_NEW`, at no extra cost) is remembered, so the next event
 * of the same address is planned from it.
 */
class SuppressionStore {
  readonly tableName: string;
  readonly #client: DynamoDBDocumentClient;
  readonly #feedbackIdCap: number;
  readonly #policy: SuppressionPolicy;
  readonly #knownItems: number;
  /** Items as this store's writes last saw them, least recently used first. */
  readonly #known = new Map<string, SuppressionRecord>();

  constructor(options: SuppressionStoreOptions) {
    this.tableName = options.tableName;
    this.#client = options.client ?? DynamoDBDocumentClient.from(new DynamoDBClient({}));
    this.#feedbackIdCap = options.feedbackIdCap ?? FEEDBACK_ID_CAP;
    this.#policy = options.policy ?? DEFAULT_POLICY;
    this.#knownItems = options.knownItems ?? KNOWN_ITEMS;
  }

  /**
   * Writes one recipient-event exactly once.
   * @returns `duplicate` when the event was applied before (nothing changed)
   * @throws StoreUnavailableError when DynamoDB cannot be reached or refuses the request
   */
  async apply(event: RecipientEvent): Promise<ApplyResult> {
    const options = { feedbackIdCap: this.#feedbackIdCap, policy: this.#policy };
    // A remembered item is a state the table held: planning from it is safe however old it is.
    let snapshot = this.#known.get(event.email);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const plan = planWrite(event, options, snapshot);
      if (plan === 'duplicate' || plan === 'released') return plan;
      const outcome = await this.#send(event.email, plan);
      if (outcome.applied) {
        await this.#followUp(outcome.item, event);
        return 'applied';
      }
      // The item is gone only if TTL deleted it in between: then the guess recreates it.
      snapshot = outcome.item;
    }
    throw new StoreUnavailableError(`UpdateItem on ${this.tableName}: the item kept changing under ${MAX_ATTEMPTS} attempts`);
  }

  /** The record of an address, or `undefined` (a release marker too, see `recordOf`). Strongly consistent. */
  async get(address: string): Promise<SuppressionRecord | undefined> {
    const key = keyOf(address);
    if (key === undefined) return undefined;
    try {
      const { Item } = await this.#client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
      return Item === undefined ? undefined : recordOf(Item);
    } catch (error) {
      throw new StoreUnavailableError(`GetItem on ${this.tableName} failed: ${describeError(error)}`, { cause: error });
    }
  }

  /** Escalation and pruning that the item an event's write produced calls for. */
  async #followUp(after: SuppressionRecord, event: RecipientEvent): Promise<void> {
    let current: SuppressionRecord | undefined = after;
    for (let attempt = 0; current !== undefined && attempt < MAX_ATTEMPTS; attempt++) {
      const plan = planFollowUp(current, event, { policy: this.#policy });
      if (plan === undefined) return;
      const outcome = await this.#send(event.email, plan);
      if (outcome.applied) return;
      current = outcome.item;
    }
  }

  /**
   * Sends one planned update. Resolves the item as the update left it, or as it stood when the
   * condition failed (`undefined` when there is no item), and remembers it.
   */
  async #send(email: string, plan: WritePlan): Promise<{ applied: true; item: SuppressionRecord } | { applied: false; item: SuppressionRecord | undefined }> {
    try {
      const { Attributes } = await this.#client.send(writePlanCommand(this.tableName, email, plan));
      const item = fromItem(Attributes ?? {});
      this.#remember(email, item);
      return { applied: true, item };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        const item = error.Item === undefined ? undefined : fromItem(unmarshall(error.Item));
        this.#remember(email, item);
        return { applied: false, item };
      }
      throw new StoreUnavailableError(`UpdateItem on ${this.tableName} failed: ${describeError(error)}`, { cause: error });
    }
  }

  #remember(email: string, item: SuppressionRecord | undefined): void {
    this.#known.delete(email);
    if (item === undefined || this.#knownItems === 0) return;
    this.#known.set(email, item);
    if (this.#known.size > this.#knownItems) this.#known.delete(this.#known.keys().next().value as string);
  }
}

export type { ApplyResult, SuppressionStoreOptions };
export { KNOWN_ITEMS, SuppressionStore };
