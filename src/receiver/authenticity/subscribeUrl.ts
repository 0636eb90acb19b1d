import { parseSnsUrl } from './snsUrl';

/** The confirmation URL to request, or why it may not be requested. */
type SubscribeUrlCheck = { readonly href: string } | { readonly problem: string };

/**
 * Checks a `SubscriptionConfirmation`'s `SubscribeURL` before it is requested: the rules of
 * {@link parseSnsUrl} (https, no user info, no port, an SNS host), the API's root path, exactly one
 * `Action=ConfirmSubscription`, and a `TopicArn` parameter naming our topic, so that a message can
 * only ever confirm a subscription to the stack's own topic. Pure: no request is made.
 *
 * @param raw - the `SubscribeURL` as the message carries it
 * @param topicArn - the stack's topic
 */
function subscribeUrl(raw: unknown, topicArn: string): SubscribeUrlCheck {
  const parsed = parseSnsUrl(raw);
  if ('problem' in parsed) return { problem: `SubscribeURL ${parsed.problem}` };
  const { url } = parsed;
  if (url.pathname !== '/') return { problem: 'SubscribeURL is not the SNS API path' };
  const actions = url.searchParams.getAll('Action');
  if (actions.length !== 1 || actions[0] !== 'ConfirmSubscription') {
    return { problem: 'SubscribeURL is not a ConfirmSubscription request' };
  }
  const topics = url.searchParams.getAll('TopicArn');
  if (topics.length !== 1 || topics[0] !== topicArn) return { problem: 'SubscribeURL names another topic' };
  if (url.hash !== '') return { problem: 'SubscribeURL has a fragment' };
  return { href: url.href };
}

export type { SubscribeUrlCheck };
export { subscribeUrl };
