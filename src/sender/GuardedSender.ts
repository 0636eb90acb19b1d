import type { SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { TENANT_MESSAGE_TAG } from '../domain/constants';
import { StoreUnavailableError } from '../domain/errors';
import { requestHandlerOptions } from '../util/deadline';
import { CheckOutcome, DEFAULT_CONFIGURATION_SET, FailureMode, SEND_TIMEOUTS, SkipReason } from './constants';
import { SendRefusedError } from './errors';
import type { SuppressionChecker } from './SuppressionChecker';
import type { AddressCheck, GuardedSendResult, RecipientField, SkippedRecipient } from './types';

/**
 * Options of {@link GuardedSender}.
 *
 * @example
 * const options: GuardedSenderOptions = { checker, ses: new SESv2Client({}), failureMode: 'closed' };
 */
interface GuardedSenderOptions {
  /** Checks recipients against the suppression table. */
  readonly checker: SuppressionChecker;
  /**
   * The SES client to send with.
   * @default - a client from the SDK's standard configuration, with a 1 s connection and a 10 s
   * request timeout
   */
  readonly ses?: SESv2Client;
  /**
   * The configuration set attached to every send (it routes bounces and complaints to the table).
   * @default 'txn-mail'
   */
  readonly configurationSetName?: string;
  /**
   * What to do when the table cannot be read or gives no answer within the checker's
   * `totalTimeoutMs`: `closed` refuses the send, `open` sends unchecked and says so. A
   * misconfigured checker (missing table, access denied) is an error in both modes.
   * @default 'closed'
   */
  readonly failureMode?: FailureMode;
}

/**
 * A `SendEmail` request; the configuration set is the sender's to set (one given anyway is replaced).
 * Its `TenantName` (an SES tenant) goes to SES as given, and the recipients are checked for it.
 *
 * @example
 * const input: GuardedSendInput = { FromEmailAddress: 'shop@example.com', Destination: { ToAddresses: [to] }, Content: content };
 */
type GuardedSendInput = Omit<SendEmailCommandInput, 'ConfigurationSetName'>;

const FIELDS = [
  ['to', 'ToAddresses'],
  ['cc', 'CcAddresses'],
  ['bcc', 'BccAddresses'],
] as const satisfies ReadonlyArray<readonly [RecipientField, string]>;

/**
 * Sends through SESv2 `SendEmail` to the recipients that the suppression table allows.
 *
 * Every recipient of To, Cc and Bcc is checked in one batch; suppressed and invalid ones are
 * dropped and reported, `soft` records never block. When nobody is left, SES is not called. The
 * configuration set is always attached. When the table cannot be read, the send is refused
 * ({@link SendRefusedError}) unless the sender was built with `failureMode: 'open'`.
 *
 * A send for a tenant (SES's `TenantName`, https://docs.aws.amazon.com/ses/latest/dg/tenants.html,
 * or else the message tag `sbg-tenant` in `EmailTags`, for sends that use no SES tenant) is
 * checked for that tenant: recipients suppressed for it or account-wide are dropped, another
 * tenant's suppressions are not. `TenantName` is passed to SES unchanged.
 *
 * @example
 * ```ts
 * const sender = new GuardedSender({ checker: new SuppressionChecker({ tableName: 'SuppressionTable' }) });
 * const result = await sender.send({
 *   FromEmailAddress: 'shop@example.com',
 *   Destination: { ToAddresses: ['jane@example.com', 'bounced@example.com'] },
 *   Content: { Simple: { Subject: { Data: 'Your order' }, Body: { Text: { Data: 'Shipped.' } } } },
 * });
 * // result.sent.to: ['jane@example.com']; result.skipped: [{ address: 'bounced@example.com', reason: 'suppressed', ... }]
 * ```
 */
class GuardedSender {
  readonly configurationSetName: string;
  readonly failureMode: FailureMode;
  readonly #checker: SuppressionChecker;
  readonly #ses: SESv2Client;

  constructor(options: GuardedSenderOptions) {
    this.#checker = options.checker;
    this.#ses = options.ses ?? new SESv2Client({ requestHandler: requestHandlerOptions(SEND_TIMEOUTS) });
    this.configurationSetName = options.configurationSetName ?? DEFAULT_CONFIGURATION_SET;
    this.failureMode = options.failureMode ?? FailureMode.CLOSED;
  }

  /**
   * Checks the recipients, then sends to those left.
   *
   * @example
   * ```ts
   * const { status, messageId, skipped } = await sender.send(request);
   * for (const s of skipped) console.warn(`not sent to ${s.address}: ${s.reason}`);
   * ```
   * @throws SendRefusedError when the table cannot be read and the sender fails closed (nothing sent)
   * @throws the SES client's error when SES rejects the send
   */
  async send(input: GuardedSendInput): Promise<GuardedSendResult> {
    const given = FIELDS.map(([field, sesName]) => ({ field, addresses: input.Destination?.[sesName] ?? [] }));
    const all = given.flatMap(({ addresses }) => addresses);
    let checks: AddressCheck[] | undefined;
    let checkError: Error | undefined;
    try {
      const tenant = tenantOf(input);
      checks = await this.#checker.checkMany(all, tenant === undefined ? {} : { tenant });
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      if (this.failureMode === FailureMode.CLOSED) {
        throw new SendRefusedError(
          `Refusing to send: the suppression table ${this.#checker.tableName} could not be read (${error.message}). ` +
            `Nothing was sent. Retry later, or use failureMode 'open' to send unchecked.`,
          { cause: error },
        );
      }
      checkError = error;
    }

    const skipped: SkippedRecipient[] = [];
    const kept: Record<RecipientField, string[]> = { to: [], cc: [], bcc: [] };
    let index = 0;
    for (const { field, addresses } of given) {
      for (const address of addresses) {
        const check = checks?.[index++];
        if (check?.outcome === CheckOutcome.SUPPRESSED) {
          skipped.push({ address, field, reason: SkipReason.SUPPRESSED, ...(check.record ? { record: check.record } : {}) });
        } else if (check?.outcome === CheckOutcome.INVALID) {
          skipped.push({ address, field, reason: SkipReason.INVALID_ADDRESS });
        } else kept[field].push(address);
      }
    }
    const checked = checkError === undefined;
    const base = { sent: kept, skipped, checked, ...(checked ? {} : { checkError }) };
    if (kept.to.length + kept.cc.length + kept.bcc.length === 0) return { status: 'not-sent', ...base };

    const destination = Object.fromEntries(FIELDS.filter(([field]) => kept[field].length > 0).map(([field, sesName]) => [sesName, kept[field]]));
    const response = await this.#ses.send(new SendEmailCommand({ ...input, Destination: destination, ConfigurationSetName: this.configurationSetName }));
    return { status: 'sent', ...(response.MessageId ? { messageId: response.MessageId } : {}), ...base };
  }
}

/** The tenant a send is for: SES's `TenantName`, else the sender's `sbg-tenant` message tag. */
function tenantOf(input: GuardedSendInput): string | undefined {
  return input.TenantName ?? input.EmailTags?.find((tag) => tag.Name === TENANT_MESSAGE_TAG)?.Value;
}

export type { GuardedSenderOptions, GuardedSendInput };
export { GuardedSender };
