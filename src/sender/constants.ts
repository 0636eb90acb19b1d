/**
 * The configuration set every guarded send names, so that SES publishes its bounces to us.
 *
 * @example
 * new GuardedSender({ checker, configurationSetName: DEFAULT_CONFIGURATION_SET });
 */
const DEFAULT_CONFIGURATION_SET = 'txn-mail';

/**
 * The checker's default time limits, in milliseconds: a send waits at most `totalTimeoutMs` for
 * the table, then a `closed` sender refuses and an `open` one sends and flags it. @internal
 */
const CHECK_TIMEOUTS = { connectionTimeoutMs: 1_000, requestTimeoutMs: 2_000, totalTimeoutMs: 5_000 } as const;

/** The default SES client's time limits, in milliseconds. @internal */
const SEND_TIMEOUTS = { connectionTimeoutMs: 1_000, requestTimeoutMs: 10_000, totalTimeoutMs: 30_000 } as const;

/** DynamoDB's limit of keys per `BatchGetItem` request. @internal */
const BATCH_GET_MAX_KEYS = 100;

/**
 * What a check found for one address.
 *
 * @example
 * if ((await checker.check(to)).outcome === CheckOutcome.SUPPRESSED) return;
 */
const CheckOutcome = {
  /** An item with status `suppressed`: do not send. */
  SUPPRESSED: 'suppressed',
  /** No item, or a `soft` one (transient bounce, not-spam complaint): send. */
  CLEAR: 'clear',
  /** Not an address at all: nothing was looked up. */
  INVALID: 'invalid',
} as const;
type CheckOutcome = (typeof CheckOutcome)[keyof typeof CheckOutcome];

/**
 * What a guarded send does when the suppression table cannot be read.
 *
 * @example
 * new GuardedSender({ checker, failureMode: FailureMode.OPEN }); // password resets must go out
 */
const FailureMode = {
  /** Refuse to send (throw {@link SendRefusedError}). The default: a send to a dead address hurts reputation. */
  CLOSED: 'closed',
  /** Send to every recipient and say so in the result. Opt-in, for mail that must go out. */
  OPEN: 'open',
} as const;
type FailureMode = (typeof FailureMode)[keyof typeof FailureMode];

/**
 * Why a recipient was left out of a send.
 *
 * @example
 * const invalid = result.skipped.filter((s) => s.reason === SkipReason.INVALID_ADDRESS);
 */
const SkipReason = {
  /** The suppression table holds a `suppressed` item for the address. */
  SUPPRESSED: 'suppressed',
  /** The recipient is not a usable address; SES would reject the whole send for it. */
  INVALID_ADDRESS: 'invalid-address',
} as const;
type SkipReason = (typeof SkipReason)[keyof typeof SkipReason];

export { BATCH_GET_MAX_KEYS, CHECK_TIMEOUTS, CheckOutcome, DEFAULT_CONFIGURATION_SET, FailureMode, SEND_TIMEOUTS, SkipReason };
