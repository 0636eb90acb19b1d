import type { SnsEnvelope } from '../envelope';
import { MAX_CONFIRMATION_BYTES, SNS_REQUEST_TIMEOUT_MS } from './constants';
import { httpsGet } from './httpsGet';
import { subscribeUrl } from './subscribeUrl';

/** Whether the subscription was confirmed, and if not, why it was refused. */
type Confirmation = { readonly confirmed: true } | { readonly confirmed: false; readonly reason: string };

/**
 * Confirms a subscription to the stack's topic by requesting the message's `SubscribeURL`, only
 * when that URL passes `subscribeUrl` (https, an SNS host, `Action=ConfirmSubscription`, our
 * topic). The caller has already authenticated the message.
 *
 * @param envelope - an authenticated `SubscriptionConfirmation`
 * @param topicArn - the stack's topic
 * @param timeoutMs - bound on the request; `SNS_REQUEST_TIMEOUT_MS` (5 s) when left out
 * @throws SnsRequestError when the request fails (the record is retried; the token lasts 3 days)
 */
async function confirmSubscription(envelope: SnsEnvelope, topicArn: string, timeoutMs: number = SNS_REQUEST_TIMEOUT_MS): Promise<Confirmation> {
  const url = subscribeUrl(envelope.SubscribeURL, topicArn);
  if ('problem' in url) return { confirmed: false, reason: url.problem };
  await httpsGet(url.href, { timeoutMs, maxBytes: MAX_CONFIRMATION_BYTES });
  return { confirmed: true };
}

export type { Confirmation };
export { confirmSubscription };
