import { verify } from 'node:crypto';
import type { SnsEnvelope } from '../envelope';
import { canonicalString } from './canonicalString';
import { certificateUrl } from './certificateUrl';
import { SignatureDigest } from './constants';
import { fetchCertificate } from './fetchCertificate';

/** Whether the signature holds, and if not, why. */
type SignatureCheck = { readonly verified: true } | { readonly verified: false; readonly reason: string };

/** Base64 of an RSA signature: 256 bytes for the 2048-bit keys SNS uses; 4096-bit keys fit too. */
const BASE64 = /^[A-Za-z0-9+/]{4,1024}={0,2}$/;

/*
 * Why not sns-validator here (it is kept in the tests, as an independent oracle of the same rules):
 * - its certificate download has no timeout, and a response cut off after its headers never calls
 *   back: the invocation hangs until the function's timeout;
 * - it caches whatever a 200 answer held, certificate or not, for the life of the container: every
 *   later message from that URL would then be rejected, and a rejected message is not retried;
 * - it has no hook to replace the download (its only options are a host pattern and an encoding),
 *   mutates its input and refuses correctly signed UnsubscribeConfirmation messages.
 * The verification itself is the one SNS documents and sns-validator performs: the canonical
 * string, RSA with SHA1 (version 1) or SHA256 (version 2), the key of the certificate at an SNS
 * URL. Downloads go through `https.get`, as sns-validator's do.
 */

/**
 * Verifies an envelope's SNS signature: the signature version and form, the certificate URL (before
 * any download), the canonical string of its type, then the RSA signature against the certificate's
 * key. Cheap checks come first, so that most forgeries cost no request. Reads the envelope only.
 *
 * @param envelope - the HTTP/SQS shape; the Lambda record shape is converted by `envelopeFromSnsRecord`
 * @param timeoutMs - bound on a certificate download; the default of `fetchCertificate` when left out
 * @throws SnsRequestError when the certificate cannot be downloaded: that proves nothing either way,
 *   so the caller fails the record to have it retried
 */
async function verifySignature(envelope: SnsEnvelope, timeoutMs?: number): Promise<SignatureCheck> {
  const fields = envelope as unknown as Readonly<Record<string, unknown>>;
  const version = fields.SignatureVersion;
  if (version !== '1' && version !== '2') return rejected('signature version is not 1 or 2');
  const signature = fields.Signature;
  if (typeof signature !== 'string' || signature === '') return rejected('signature is missing');
  if (!BASE64.test(signature)) return rejected('signature is not base64');
  const url = certificateUrl(fields.SigningCertURL);
  if ('problem' in url) return rejected(url.problem);
  const canonical = canonicalString(fields);
  if ('problem' in canonical) return rejected(canonical.problem);

  const certificate = await fetchCertificate(url.href, timeoutMs);
  if (certificate.publicKey.asymmetricKeyType !== 'rsa') return rejected('signing certificate does not hold an RSA key');
  const holds = verify(SignatureDigest[version], Buffer.from(canonical.text, 'utf8'), certificate.publicKey, Buffer.from(signature, 'base64'));
  return holds ? { verified: true } : rejected('signature does not match the message');
}

function rejected(reason: string): SignatureCheck {
  return { verified: false, reason };
}

export { verifySignature };
export type { SignatureCheck };
