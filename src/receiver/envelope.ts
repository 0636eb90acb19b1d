import type { SNSMessage } from 'aws-lambda';
import { MalformedMessageError } from '../domain/errors';

/**
 * An SNS envelope in its HTTP/SQS shape (`SigningCertURL`, `UnsubscribeURL`): the shape SNS signs
 * and `verifySignature` reads. Every entry point turns its records into this shape first.
 */
interface SnsEnvelope {
  readonly Type: string;
  readonly MessageId: string;
  readonly TopicArn: string;
  readonly Message: string;
  readonly Timestamp: string;
  readonly SignatureVersion: string;
  readonly Signature: string;
  readonly SigningCertURL: string;
  readonly Subject?: string | null;
  readonly UnsubscribeURL?: string;
  readonly SubscribeURL?: string;
  readonly Token?: string;
}

/** The Lambda SNS record spells two URLs differently; everything else is the same. */
function envelopeFromSnsRecord(sns: SNSMessage): SnsEnvelope {
  const { SigningCertUrl, UnsubscribeUrl, MessageAttributes: _attributes, ...rest } = sns;
  return { ...rest, SigningCertURL: SigningCertUrl, UnsubscribeURL: UnsubscribeUrl };
}

/**
 * An SQS body holding an SNS envelope (raw message delivery off).
 * @throws MalformedMessageError when the body is not a JSON object with the envelope's fields
 */
function envelopeFromSqsBody(body: string): SnsEnvelope {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw new MalformedMessageError('SQS body is not JSON', { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MalformedMessageError('SQS body is not a JSON object');
  }
  return envelopeFromObject(value);
}

/**
 * An object already parsed from JSON (an HTTP body, an SQS body), checked for the envelope's fields.
 * @throws MalformedMessageError when a field the envelope must have is not a string
 */
function envelopeFromObject(value: object): SnsEnvelope {
  const envelope = value as Record<string, unknown>;
  for (const field of ['Type', 'MessageId', 'TopicArn', 'Message'] as const) {
    if (typeof envelope[field] !== 'string') throw new MalformedMessageError(`SNS envelope has no string ${field}`);
  }
  return envelope as unknown as SnsEnvelope;
}

/**
 * Parses the envelope's `Message` a second time: SNS carries the SES event as a JSON string.
 * @throws MalformedMessageError when it is not JSON
 */
function parseMessage(envelope: SnsEnvelope): unknown {
  try {
    return JSON.parse(envelope.Message);
  } catch (error) {
    throw new MalformedMessageError('Message is not JSON', { cause: error });
  }
}

export type { SnsEnvelope };
export { envelopeFromObject, envelopeFromSnsRecord, envelopeFromSqsBody, parseMessage };
