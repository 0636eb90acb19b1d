import type { SnsEnvelope } from '../envelope';
import { SnsMessageType } from './constants';
import { verifySignature } from './verifySignature';

/** What an envelope is checked against. */
interface AuthenticitySettings {
  /** The stack's topic: the only `TopicArn` accepted. */
  readonly topicArn: string;
  /** Whether SNS signatures are verified. Off only by an explicit setting. */
  readonly verifySignatures: boolean;
  /**
   * Bound on a certificate download.
   * @default SNS_REQUEST_TIMEOUT_MS (5 s)
   */
  readonly timeoutMs?: number;
}

/** Whether an envelope may be acted on, and if not, why. */
type Authenticity = { readonly authentic: true } | { readonly authentic: false; readonly reason: string };

/**
 * Decides whether an envelope comes from the stack's own SNS topic, cheapest check first:
 *
 * 1. its `Type` is one SNS sends (the signed fields depend on it);
 * 2. its `TopicArn` is the stack's topic: a valid AWS signature alone proves nothing, since anyone
 *    can own a topic and have SNS sign for it; checked before the signature, so that messages of
 *    other topics cost no download;
 * 3. its SNS signature (unless verification is off), which is what makes 1 and 2 true; not for an
 *    `UnsubscribeConfirmation`, which is only logged.
 *
 * @throws SnsRequestError when the signing certificate cannot be downloaded (retry the record)
 */
async function authenticate(envelope: SnsEnvelope, settings: AuthenticitySettings): Promise<Authenticity> {
  const type: unknown = envelope.Type;
  if (typeof type !== 'string' || !(Object.values(SnsMessageType) as string[]).includes(type)) {
    return { authentic: false, reason: 'SNS message type is not known' };
  }
  if (envelope.TopicArn !== settings.topicArn) return { authentic: false, reason: "topic is not the stack's topic" };
  // Nothing is ever done with an UnsubscribeConfirmation but a log line, and sns-validator refuses
  // correctly signed ones: its signature would prove nothing worth a download.
  if (!settings.verifySignatures || type === SnsMessageType.UNSUBSCRIBE_CONFIRMATION) return { authentic: true };
  const signature = await verifySignature(envelope, settings.timeoutMs);
  return signature.verified ? { authentic: true } : { authentic: false, reason: signature.reason };
}

export type { Authenticity, AuthenticitySettings };
export { authenticate };
