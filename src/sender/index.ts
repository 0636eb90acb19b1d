/**
 * The sender library: check the suppression table before every send.
 *
 * @example
 * ```ts
 * import { GuardedSender, SuppressionChecker } from 'ses-bounce-guard/sender';
 * const sender = new GuardedSender({ checker: new SuppressionChecker({ tableName: process.env.SUPPRESSION_TABLE! }) });
 * await sender.send({ FromEmailAddress: 'shop@example.com', Destination: { ToAddresses: [to] }, Content: content });
 * ```
 * @packageDocumentation
 */

export { normalizeAddress } from '../domain/address';
export { SuppressionScope, TENANT_MESSAGE_TAG } from '../domain/constants';
export { BounceGuardError, MalformedMessageError, StoreUnavailableError } from '../domain/errors';
export type { ReportedRecipient, SesBounce, SesComplaint, SesEvent, SesIgnored } from '../domain/sesEvent';
export { parseSesEvent } from '../domain/sesEvent';
export { CheckOutcome, DEFAULT_CONFIGURATION_SET, FailureMode, SkipReason } from './constants';
export { AllRecipientsSuppressedError, CheckerMisconfiguredError, InvalidTenantError, SendRefusedError } from './errors';
export type { GuardedSenderOptions, GuardedSendInput } from './GuardedSender';
export { GuardedSender } from './GuardedSender';
export type { SuppressionCheckerOptions } from './SuppressionChecker';
export { SuppressionChecker } from './SuppressionChecker';
export type { AddressCheck, CheckOptions, GuardedSendResult, RecipientField, SentRecipients, SkippedRecipient, StoredStatus } from './types';
