import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import forge from 'node-forge';

/**
 * The fields SNS signs, per message type, in its order: written out here from AWS's documentation,
 * independently of sns-validator, so that a mistake there cannot hide behind the same mistake here.
 */
const SIGNED = {
  Notification: ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'],
  SubscriptionConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
  UnsubscribeConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
} as const;

/** A signing authority made at test time: an RSA key, its self-signed certificate and its URL. */
interface SigningAuthority {
  /** Where the certificate is said to be: a fresh SNS-looking URL, unique to this authority. */
  readonly certUrl: string;
  readonly certificatePem: string;
  /**
   * Signs an envelope (HTTP/SQS shape) as SNS does, setting `SignatureVersion`, `Signature` and
   * `SigningCertURL`: SHA1withRSA for version 1, SHA256withRSA for version 2.
   */
  sign(envelope: Record<string, unknown>, version?: '1' | '2'): Record<string, unknown>;
}

/** The canonical string SNS signs. `Subject` only when present and not null. */
function snsStringToSign(envelope: Record<string, unknown>): string {
  const fields = SIGNED[envelope.Type as keyof typeof SIGNED];
  if (fields === undefined) throw new Error(`cannot sign type ${String(envelope.Type)}`);
  return fields
    .filter((field) => !(field === 'Subject' && (envelope.Subject === undefined || envelope.Subject === null)))
    .map((field) => `${field}\n${String(envelope[field])}\n`)
    .join('');
}

/** Makes a key pair and a self-signed X.509 certificate for it (Node 20 cannot make certificates). */
function createSigningAuthority(region = 'us-east-1'): SigningAuthority {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  certificate.serialNumber = `01${randomBytes(8).toString('hex')}`;
  certificate.validity.notBefore = new Date(Date.now() - 86_400_000);
  certificate.validity.notAfter = new Date(Date.now() + 365 * 86_400_000);
  const name = [{ name: 'commonName', value: 'sns.amazonaws.com' }];
  certificate.setSubject(name);
  certificate.setIssuer(name);
  certificate.sign(forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()), forge.md.sha256.create());
  const certUrl = `https://sns.${region}.amazonaws.com/SimpleNotificationService-${randomBytes(16).toString('hex')}.pem`;
  return {
    certUrl,
    certificatePem: forge.pki.certificateToPem(certificate),
    sign(envelope, version = '1') {
      const unsigned = { ...envelope, SignatureVersion: version, SigningCertURL: certUrl };
      const digest = version === '1' ? 'sha1' : 'sha256';
      return { ...unsigned, Signature: sign(digest, Buffer.from(snsStringToSign(unsigned), 'utf8'), privateKey).toString('base64') };
    },
  };
}

export type { SigningAuthority };
export { createSigningAuthority, snsStringToSign };
