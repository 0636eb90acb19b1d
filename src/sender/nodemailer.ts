import { SESv2Client, SendEmailCommand, type SendEmailCommandInput, type SendEmailCommandOutput } from '@aws-sdk/client-sesv2';
import type { FailureMode } from './constants';
import { AllRecipientsSuppressedError } from './errors';
import { GuardedSender } from './GuardedSender';
import type { SuppressionChecker } from './SuppressionChecker';
import type { GuardedSendResult } from './types';

/**
 * Options of {@link guardedSes}.
 *
 * @example
 * const options: GuardedSesOptions = { checker: new SuppressionChecker({ tableName: 'SuppressionTable' }), sesClient: new SESv2Client({}) };
 */
interface GuardedSesOptions {
  /** Checks recipients against the suppression table. */
  readonly checker: SuppressionChecker;
  /**
   * The SES v2 client that sends.
   * @default - a client from the SDK's standard configuration
   */
  readonly sesClient?: SESv2Client;
  /**
   * The configuration set attached to every send (it routes bounces and complaints to the table).
   * @default 'txn-mail'
   */
  readonly configurationSetName?: string;
  /**
   * When the table cannot be read: `closed` refuses the send, `open` sends unchecked.
   * @default 'closed'
   */
  readonly failureMode?: FailureMode;
  /**
   * Called after every send that went out, with what was dropped (suppressed, invalid) and whether it was checked.
   * @default - nothing
   */
  readonly onSend?: (result: GuardedSendResult) => void;
}

/** What nodemailer's SES transport takes as its `SES` option: a client and the command class. */
interface GuardedSesTransportOptions {
  readonly sesClient: { readonly config: SESv2Client['config']; send(command: SendEmailCommand): Promise<SendEmailCommandOutput> };
  readonly SendEmailCommand: typeof SendEmailCommand;
}

/**
 * The `SES` option of nodemailer's SES transport (nodemailer 7 and later, SES v2), with the
 * suppression check in front: `nodemailer.createTransport({ SES: guardedSes({ checker, sesClient }) })`.
 *
 * nodemailer hands SES the raw MIME message and, as `Destination.ToAddresses`, every envelope
 * recipient (To, Cc and Bcc alike; https://nodemailer.com/transports/ses/). Each send checks them all
 * in one batch, drops suppressed and invalid ones from the Destination (SES delivers to the
 * Destination, not to the headers), always names the configuration set, and refuses with
 * {@link AllRecipientsSuppressedError} when nobody is left, or with `SendRefusedError` when the
 * table cannot be read and the guard fails closed: nothing is sent in either case. The dropped
 * addresses still appear in the message's own To/Cc headers.
 *
 * @example
 * ```ts
 * import nodemailer from 'nodemailer';
 * import { SESv2Client } from '@aws-sdk/client-sesv2';
 * import { SuppressionChecker } from 'ses-bounce-guard';
 * import { guardedSes } from 'ses-bounce-guard/nodemailer';
 * const transport = nodemailer.createTransport({
 *   SES: guardedSes({ checker: new SuppressionChecker({ tableName: 'SuppressionTable' }), sesClient: new SESv2Client({}) }),
 * });
 * await transport.sendMail({ from: 'shop@example.com', to: 'jane@example.com', subject: 'Your order', text: 'Shipped.' });
 * ```
 */
function guardedSes(options: GuardedSesOptions): GuardedSesTransportOptions {
  const ses = options.sesClient ?? new SESv2Client({});
  const sender = new GuardedSender({
    checker: options.checker,
    ses,
    ...(options.configurationSetName === undefined ? {} : { configurationSetName: options.configurationSetName }),
    ...(options.failureMode === undefined ? {} : { failureMode: options.failureMode }),
  });
  return {
    SendEmailCommand,
    sesClient: {
      // nodemailer reads the region from it for the Message-ID it reports.
      config: ses.config,
      async send(command) {
        const { ConfigurationSetName: _replaced, ...input } = command.input as SendEmailCommandInput;
        const result = await sender.send(input);
        if (result.status === 'not-sent') {
          throw new AllRecipientsSuppressedError(
            `Refusing to send: every recipient is suppressed or invalid (${result.skipped.length} dropped). Nothing was sent.`,
            result.skipped,
          );
        }
        options.onSend?.(result);
        return { $metadata: {}, ...(result.messageId === undefined ? {} : { MessageId: result.messageId }) };
      },
    },
  };
}

export type { GuardedSesOptions, GuardedSesTransportOptions };
export { guardedSes };
