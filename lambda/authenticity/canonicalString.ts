import { SnsMessageType } from './constants';

/**
 * The fields SNS signs, in the order it signs them (alphabetical), per message type. `Subject` is
 * signed only when the notification has one.
 */
const SIGNED_FIELDS = {
  [SnsMessageType.NOTIFICATION]: ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'],
  [SnsMessageType.SUBSCRIPTION_CONFIRMATION]: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
  [SnsMessageType.UNSUBSCRIBE_CONFIRMATION]: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
} as const;

const OPTIONAL_FIELDS: ReadonlySet<string> = new Set(['Subject']);

/** The text SNS signed, or why it cannot be built. */
type CanonicalString = { readonly text: string } | { readonly problem: string };

/**
 * Builds the string SNS signs for an envelope: for each signed field of its type, `Key\nValue\n`.
 * An optional field that is absent or `null` (the Lambda record's `Subject`) is left out; every
 * other field must be a string, or there is nothing that could have been signed.
 *
 * @param envelope - an envelope in the HTTP/SQS shape, its fields not yet trusted
 */
function canonicalString(envelope: Readonly<Record<string, unknown>>): CanonicalString {
  const type = envelope.Type;
  if (typeof type !== 'string' || !Object.hasOwn(SIGNED_FIELDS, type)) return { problem: 'SNS message type is not known' };
  let text = '';
  for (const field of SIGNED_FIELDS[type as keyof typeof SIGNED_FIELDS]) {
    const value = envelope[field];
    if ((value === undefined || value === null) && OPTIONAL_FIELDS.has(field)) continue;
    if (typeof value !== 'string') return { problem: `signed field ${field} is missing or not a string` };
    text += `${field}\n${value}\n`;
  }
  return { text };
}

export { canonicalString };
export type { CanonicalString };
