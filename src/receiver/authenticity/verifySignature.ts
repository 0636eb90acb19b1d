import MessageValidator from 'sns-validator';
import type { SnsEnvelope } from '../envelope';
import { certificateUrl } from './certificateUrl';
import { SNS_REQUEST_TIMEOUT_MS } from './constants';
import { SnsRequestError } from './errors';

/** Whether the signature holds, and if not, why. */
type SignatureCheck = { readonly verified: true } | { readonly verified: false; readonly reason: string };

/** Base64 of an RSA signature: 256 bytes for the 2048-bit keys SNS uses; 4096-bit keys fit too. */
const BASE64 = /^[A-Za-z0-9+/]{4,1024}={0,2}$/;

/**
 * sns-validator's answers that prove the message is not what SNS signed. Any other error (a
 * download that failed, a certificate it could not use) proves nothing either way.
 */
const FORGERY_VERDICTS: ReadonlyMap<string, string> = new Map([
  ['The message signature is invalid.', 'signature does not match the message'],
  ['Message missing required keys.', 'message lacks a field SNS signs'],
  ['The certificate is located on an invalid domain.', 'certificate URL is not on an SNS host'],
]);

/** The fields SNS signs for every type; each must be a string for a signature to hold. */
const SIGNED_STRINGS = ['Message', 'MessageId', 'Timestamp', 'TopicArn', 'Type'] as const;

const validator = new MessageValidator();

/**
 * Verifies an envelope's SNS signature with sns-validator (canonical string per type, RSA with SHA1
 * for SignatureVersion 1, SHA256 for 2, the key of the certificate at an SNS URL). Not for
 * `UnsubscribeConfirmation`: sns-validator builds its canonical string with the notification's
 * fields and so refuses correctly signed ones (nothing is done with them anyway).
 *
 * Cheap checks come first, so that most forgeries cost no download: the version, the signature's
 * form and our stricter certificate-URL rules (https, an SNS host and certificate path, no user
 * info, no port). sns-validator then downloads the certificate once per URL per container (its
 * module cache, which keeps only successful downloads) and verifies. It has no timeout of its own,
 * and a response cut off after its headers never calls back, so the wait is bounded here; and it
 * rewrites the object it validates, so it gets a copy.
 *
 * @throws SnsRequestError when the certificate cannot be downloaded or used within `timeoutMs`:
 *   that proves nothing about the message, so the caller fails the record to have it retried
 */
async function verifySignature(envelope: SnsEnvelope, timeoutMs: number = SNS_REQUEST_TIMEOUT_MS): Promise<SignatureCheck> {
  const fields = envelope as unknown as Readonly<Record<string, unknown>>;
  const version = fields.SignatureVersion;
  if (version !== '1' && version !== '2') return rejected('signature version is not 1 or 2');
  const signature = fields.Signature;
  if (typeof signature !== 'string' || signature === '') return rejected('signature is missing');
  if (!BASE64.test(signature)) return rejected('signature is not base64');
  const url = certificateUrl(fields.SigningCertURL);
  if ('problem' in url) return rejected(url.problem);
  const notString = SIGNED_STRINGS.find((field) => typeof fields[field] !== 'string');
  if (notString !== undefined) return rejected(`signed field ${notString} is not a string`);
  if (fields.Subject !== undefined && fields.Subject !== null && typeof fields.Subject !== 'string') {
    return rejected('signed field Subject is not a string');
  }

  const error = await validateWithin(envelope, timeoutMs, url.href);
  if (error === undefined) return { verified: true };
  if (error.message.startsWith('The signature version')) return rejected('signature version is not 1 or 2');
  const forgery = FORGERY_VERDICTS.get(error.message);
  if (forgery !== undefined) return rejected(forgery);
  throw new SnsRequestError(`certificate ${url.href} could not be used: ${error.message}`, { cause: error });
}

/** sns-validator's verdict (`undefined` when the signature holds), or a timeout error. */
function validateWithin(envelope: SnsEnvelope, timeoutMs: number, href: string): Promise<Error | undefined> {
  // A JSON copy: sns-validator mutates its input, and keys holding `undefined` must not reach its
  // canonical string (JSON drops them, as the wire format does).
  const copy = JSON.parse(JSON.stringify(envelope)) as Record<string, unknown>;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new SnsRequestError(`certificate ${href} timed out after ${timeoutMs} ms`)), timeoutMs);
    validator.validate(copy, (error) => {
      clearTimeout(timer);
      resolve(error ?? undefined);
    });
  });
}

function rejected(reason: string): SignatureCheck {
  return { verified: false, reason };
}

export type { SignatureCheck };
export { verifySignature };
