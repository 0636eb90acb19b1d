import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SuppressionScope, SuppressionStatus, TENANT_NAME_PATTERN } from '../domain/constants';
import { StoreUnavailableError } from '../domain/errors';
import type { Item } from '../store/suppressionSchema';
import { CHECK_ATTRIBUTES, keyOf, PARTITION_KEY, recordOf, TENANT_CHECK_ATTRIBUTES } from '../store/suppressionSchema';
import { DeadlineExceededError, optionProblems, requestHandlerOptions, sleep, withDeadline } from '../util/deadline';
import { describeError } from '../util/describeError';
import { BATCH_GET_MAX_KEYS, CHECK_TIMEOUTS, CheckOutcome } from './constants';
import { CheckerMisconfiguredError, InvalidTenantError } from './errors';
import type { AddressCheck, CheckOptions, StoredStatus } from './types';

/**
 * Options of {@link SuppressionChecker}.
 *
 * @example
 * const options: SuppressionCheckerOptions = { tableName: 'SuppressionTable', maxAttempts: 4 };
 */
interface SuppressionCheckerOptions {
  /** The suppression table's name; an empty one is a construction error. */
  readonly tableName: string;
  /**
   * The client to use. Its own request handler's timeouts apply; `totalTimeoutMs` still bounds
   * every check.
   * @default - a client from `clientConfig` and the SDK's standard configuration (region,
   * credentials and `AWS_ENDPOINT_URL_DYNAMODB` from the environment), with the timeouts below
   */
  readonly client?: DynamoDBDocumentClient;
  /**
   * Settings of the client made when `client` is not given (region, endpoint, credentials). The
   * region is the table's the checks read: with a table replicated across regions
   * (docs/regions.md), a sender reads the replica of its own region, which is the SDK's default
   * region there; never point it at another region's replica.
   * @default {}
   */
  readonly clientConfig?: DynamoDBClientConfig;
  /**
   * How long to wait for a connection to DynamoDB (client made here only).
   * @default 1000
   */
  readonly connectionTimeoutMs?: number;
  /**
   * How long one request may wait for its answer (client made here only).
   * @default 2000
   */
  readonly requestTimeoutMs?: number;
  /**
   * The bound on one whole check, every retry and backoff included: past it the check fails with
   * {@link StoreUnavailableError} (a `closed` sender refuses, an `open` one sends and flags it).
   * @default 5000
   */
  readonly totalTimeoutMs?: number;
  /**
   * How many `BatchGetItem` requests one chunk of keys may take while DynamoDB keeps returning
   * `UnprocessedKeys`, before the check fails with {@link StoreUnavailableError}.
   * @default 6
   */
  readonly maxAttempts?: number;
  /**
   * The first backoff ceiling between attempts, in milliseconds; it doubles per attempt (full jitter).
   * @default 25
   */
  readonly backoffBaseMs?: number;
  /**
   * Strongly consistent reads. Sends do not need them (an event is seconds old at most when it
   * matters); an operator's check after a write does.
   * @default false
   */
  readonly consistentRead?: boolean;
}

/**
 * Errors that no retry or failure mode can make right: the table is not there (wrong name or
 * region) or the caller may not read it. See
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html#Programming.Errors.MessagesAndCodes
 */
const MISCONFIGURED = new Set([
  'ResourceNotFoundException',
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'MissingAuthenticationTokenException',
  'ValidationException',
]);

/** The longest single wait between attempts, whatever the attempt number. */
const MAX_BACKOFF_MS = 2_000;

/**
 * Answers "may I send to this address?" from the suppression table.
 *
 * Addresses are normalised by the schema module (`"Jane" <Jane@Example.com>` and
 * `jane@example.com` are one key). Only `suppressed` items block; `soft` items (transient bounces,
 * not-spam complaints) are reported but never block. An invalid address is reported as such, never
 * thrown.
 *
 * With a tenant (`{ tenant }`, the SES tenant the mail is sent for), an address is blocked when it
 * is suppressed account-wide or for that tenant; another tenant's suppression does not block it.
 * Without a tenant only account-wide suppressions block: a complaint about tenant A's mail says
 * nothing about mail sent for nobody in particular (see docs/tenants.md).
 *
 * @example
 * ```ts
 * const checker = new SuppressionChecker({ tableName: 'SuppressionTable' });
 * if (await checker.isSuppressed('jane@example.com')) return;
 * const checks = await checker.checkMany(['a@example.com', 'b@example.com']);
 * const blocked = checks.filter((c) => c.outcome === 'suppressed').map((c) => c.address);
 * ```
 */
class SuppressionChecker {
  readonly tableName: string;
  readonly #client: DynamoDBDocumentClient;
  readonly #maxAttempts: number;
  readonly #backoffBaseMs: number;
  readonly #consistentRead: boolean;
  readonly #totalTimeoutMs: number;

  /** @throws CheckerMisconfiguredError when the table name is missing or an option is invalid */
  constructor(options: SuppressionCheckerOptions) {
    const problems = [
      ...(typeof options.tableName === 'string' && options.tableName.trim() !== '' ? [] : ['tableName is required']),
      ...optionProblems({
        maxAttempts: [options.maxAttempts, 1, true],
        backoffBaseMs: [options.backoffBaseMs, 0, false],
        connectionTimeoutMs: [options.connectionTimeoutMs, 1, false],
        requestTimeoutMs: [options.requestTimeoutMs, 1, false],
        totalTimeoutMs: [options.totalTimeoutMs, 1, false],
      }),
    ];
    if (problems.length > 0) throw new CheckerMisconfiguredError(`SuppressionChecker: ${problems.join('; ')}`);
    this.tableName = options.tableName;
    const timeouts = {
      connectionTimeoutMs: options.connectionTimeoutMs ?? CHECK_TIMEOUTS.connectionTimeoutMs,
      requestTimeoutMs: options.requestTimeoutMs ?? CHECK_TIMEOUTS.requestTimeoutMs,
      totalTimeoutMs: options.totalTimeoutMs ?? CHECK_TIMEOUTS.totalTimeoutMs,
    };
    this.#client =
      options.client ?? DynamoDBDocumentClient.from(new DynamoDBClient({ ...options.clientConfig, requestHandler: requestHandlerOptions(timeouts) }));
    this.#maxAttempts = options.maxAttempts ?? 6;
    this.#backoffBaseMs = options.backoffBaseMs ?? 25;
    this.#consistentRead = options.consistentRead ?? false;
    this.#totalTimeoutMs = timeouts.totalTimeoutMs;
  }

  /**
   * Whether the address blocks a send. An invalid address is not suppressed (there is nothing to
   * look up); use {@link SuppressionChecker.check} to tell the two apart.
   *
   * @example
   * ```ts
   * await checker.isSuppressed('Jane <JANE@example.com>'); // true when jane@example.com is suppressed
   * ```
   * @throws StoreUnavailableError when the table cannot be read
   */
  async isSuppressed(address: string, options: CheckOptions = {}): Promise<boolean> {
    return (await this.check(address, options)).outcome === CheckOutcome.SUPPRESSED;
  }

  /**
   * What the table says about one address.
   *
   * @example
   * ```ts
   * const { outcome, record } = await checker.check('jane@example.com');
   * if (outcome === 'suppressed') console.log(`blocked: ${record?.reason} since ${record?.lastEventAt}`);
   * ```
   * @throws StoreUnavailableError when the table cannot be read
   */
  async check(address: string, options: CheckOptions = {}): Promise<AddressCheck> {
    const [result] = await this.checkMany([address], options);
    return result as AddressCheck;
  }

  /**
   * Checks many addresses with `BatchGetItem`, 100 distinct keys per request, chunks in parallel;
   * `UnprocessedKeys` are retried with jittered exponential backoff. Returns one result per input,
   * in input order (duplicates included).
   *
   * @example
   * ```ts
   * const checks = await checker.checkMany(recipients); // 250 addresses: 3 BatchGetItem requests
   * const forTenant = await checker.checkMany(recipients, { tenant: 'tenant-a' });
   * ```
   * @throws StoreUnavailableError when the table cannot be read, keys stay unprocessed after
   * `maxAttempts` requests, or no answer came within `totalTimeoutMs`
   * @throws CheckerMisconfiguredError when the table does not exist or may not be read
   * @throws InvalidTenantError when `tenant` is not an SES tenant name (nothing is read: a mistyped tenant
   * must not pass every address as clear)
   */
  async checkMany(addresses: readonly string[], options: CheckOptions = {}): Promise<AddressCheck[]> {
    const { tenant } = options;
    if (tenant !== undefined && !TENANT_NAME_PATTERN.test(tenant)) {
      throw new InvalidTenantError(`tenant must be an SES tenant name (1 to 64 letters, digits, '-' or '_'), got ${JSON.stringify(tenant)}`);
    }
    try {
      return await withDeadline(this.#totalTimeoutMs, `checking ${addresses.length} addresses against ${this.tableName}`, (signal) =>
        this.#checkMany(addresses, tenant, signal),
      );
    } catch (error) {
      if (error instanceof DeadlineExceededError) {
        throw new StoreUnavailableError(`the suppression table ${this.tableName} gave no answer: ${error.message}`, { cause: error });
      }
      throw error;
    }
  }

  async #checkMany(addresses: readonly string[], tenant: string | undefined, signal: AbortSignal): Promise<AddressCheck[]> {
    const emails = addresses.map((address) => {
      const key = keyOf(address);
      return key === undefined ? undefined : (key[PARTITION_KEY] as string);
    });
    const distinct = [...new Set(emails.filter((email): email is string => email !== undefined))];
    const chunks: string[][] = [];
    for (let i = 0; i < distinct.length; i += BATCH_GET_MAX_KEYS) chunks.push(distinct.slice(i, i + BATCH_GET_MAX_KEYS));
    const found = new Map<string, NonNullable<ReturnType<typeof statusOf>>>();
    await Promise.all(
      chunks.map(async (chunk) => {
        for (const item of await this.#getChunk(chunk, tenant !== undefined, signal)) {
          const status = statusOf(item);
          if (status !== undefined) found.set(String(item[PARTITION_KEY]), status);
        }
      }),
    );
    return addresses.map((address, i) => {
      const email = emails[i];
      if (email === undefined) return { address, outcome: CheckOutcome.INVALID };
      const stored = found.get(email);
      if (stored === undefined) return { address, email, outcome: CheckOutcome.CLEAR };
      const { tenants, ...record } = stored;
      const scope =
        record.status === SuppressionStatus.SUPPRESSED
          ? SuppressionScope.ACCOUNT
          : tenant !== undefined && tenants?.has(tenant)
            ? SuppressionScope.TENANT
            : undefined;
      if (scope === undefined) return { address, email, outcome: CheckOutcome.CLEAR, record };
      // A check without a tenant answers exactly as before tenants existed.
      return tenant === undefined
        ? { address, email, outcome: CheckOutcome.SUPPRESSED, record }
        : { address, email, outcome: CheckOutcome.SUPPRESSED, scope, record };
    });
  }

  /** One chunk of at most 100 keys, retried until DynamoDB has processed every key. */
  async #getChunk(emails: readonly string[], withTenants: boolean, signal: AbortSignal): Promise<Item[]> {
    const names = Object.fromEntries((withTenants ? TENANT_CHECK_ATTRIBUTES : CHECK_ATTRIBUTES).map((attr) => [`#${attr}`, attr]));
    const projection = Object.keys(names).join(', ');
    const items: Item[] = [];
    let keys: Item[] = emails.map((email) => ({ [PARTITION_KEY]: email }));
    for (let attempt = 1; ; attempt++) {
      let response;
      try {
        response = await this.#client.send(
          new BatchGetCommand({
            RequestItems: {
              [this.tableName]: {
                Keys: keys,
                ProjectionExpression: projection,
                ExpressionAttributeNames: names,
                ConsistentRead: this.#consistentRead,
              },
            },
          }),
          { abortSignal: signal },
        );
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        if (error instanceof Error && MISCONFIGURED.has(error.name)) {
          throw new CheckerMisconfiguredError(
            `BatchGetItem on ${this.tableName} failed: ${describeError(error)}. Check the table name, region and the caller's dynamodb:BatchGetItem permission.`,
            { cause: error },
          );
        }
        throw new StoreUnavailableError(`BatchGetItem on ${this.tableName} failed: ${describeError(error)}`, { cause: error });
      }
      // A response always names the table it answers for, even with no item found: one without it
      // answered another question, and reading it as "clear" would let suppressed mail through.
      // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html#API_BatchGetItem_ResponseSyntax
      const answered = response.Responses?.[this.tableName];
      if (!Array.isArray(answered)) {
        throw new StoreUnavailableError(`BatchGetItem on ${this.tableName} returned no Responses for the table: the answer cannot be trusted`);
      }
      items.push(...answered);
      const unprocessed = response.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      if (unprocessed.length === 0) return items;
      if (attempt >= this.#maxAttempts) {
        throw new StoreUnavailableError(`BatchGetItem on ${this.tableName} left ${unprocessed.length} keys unprocessed after ${attempt} attempts`);
      }
      keys = unprocessed;
      await sleep(jitteredBackoffMs(this.#backoffBaseMs, attempt), signal);
    }
  }
}

/**
 * What a check reports of an item, with the tenants it is suppressed for (read only by checks for
 * a tenant); `undefined` for a release marker (the address is not suppressed).
 */
function statusOf(item: Item): (StoredStatus & { tenants?: ReadonlySet<string> }) | undefined {
  // recordOf reads a partial item (no status: a suppression) the way every reader does.
  const record = recordOf(item);
  if (record === undefined) return undefined;
  return { status: record.status, reason: record.reason, source: record.source, lastEventAt: record.lastEventAt, tenants: record.tenants };
}

/** Full jitter: a random wait below a ceiling that doubles per attempt (AWS architecture blog). */
function jitteredBackoffMs(baseMs: number, attempt: number): number {
  return Math.random() * Math.min(MAX_BACKOFF_MS, baseMs * 2 ** (attempt - 1));
}

export type { SuppressionCheckerOptions };
export { SuppressionChecker };
