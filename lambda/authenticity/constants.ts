/** The SNS message types, as the envelope's `Type` spells them. */
const SnsMessageType = {
  NOTIFICATION: 'Notification',
  SUBSCRIPTION_CONFIRMATION: 'SubscriptionConfirmation',
  UNSUBSCRIBE_CONFIRMATION: 'UnsubscribeConfirmation',
} as const;

type SnsMessageType = (typeof SnsMessageType)[keyof typeof SnsMessageType];

/**
 * SNS signs with RSA; the version names the digest. Version 1 (SHA1) is still what a topic uses
 * unless its owner sets `SignatureVersion` to 2.
 */
const SignatureDigest = { '1': 'sha1', '2': 'sha256' } as const;

/**
 * Bound on one certificate download or subscription confirmation, connection to last byte. Far
 * above SNS's usual answer time, far below the function's timeout, so that a stalled request fails
 * the record (to be retried) instead of the whole invocation.
 */
const SNS_REQUEST_TIMEOUT_MS = 5_000;

/** An SNS signing certificate is about 2 KB; anything much larger is not one. */
const MAX_CERTIFICATE_BYTES = 64 * 1024;

/** The confirmation answer is a small XML document that is read and discarded. */
const MAX_CONFIRMATION_BYTES = 64 * 1024;

export { MAX_CERTIFICATE_BYTES, MAX_CONFIRMATION_BYTES, SNS_REQUEST_TIMEOUT_MS, SignatureDigest, SnsMessageType };
