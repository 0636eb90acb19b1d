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
export { BounceGuardError, StoreUnavailableError } from '../domain/errors';
export { normalizeAddress } from '../domain/address';
export { CheckOutcome, DEFAULT_CONFIGURATION_SET, FailureMode, SkipReason } from './constants';
export { SendRefusedError } from './errors';
export { GuardedSender } from './GuardedSender';
export { SuppressionChecker } from './SuppressionChecker';
export type { GuardedSendInput, GuardedSenderOptions } from './GuardedSender';
export type { SuppressionCheckerOptions } from './SuppressionChecker';
export type { AddressCheck, GuardedSendResult, RecipientField, SentRecipients, SkippedRecipient, StoredStatus } from './types';
