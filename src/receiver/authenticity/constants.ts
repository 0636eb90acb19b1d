/** The SNS message types, as the envelope's `Type` spells them. */
const SnsMessageType = {
  NOTIFICATION: 'Notification',
  SUBSCRIPTION_CONFIRMATION: 'SubscriptionConfirmation',
  UNSUBSCRIBE_CONFIRMATION: 'UnsubscribeConfirmation',
} as const;

type SnsMessageType = (typeof SnsMessageType)[keyof typeof SnsMessageType];

/**
 * Bound on one certificate download or subscription confirmation, connection to last byte. Far
 * above SNS's usual answer time, far below the function's timeout, so that a stalled request fails
 * the record (to be retried) instead of the whole invocation.
 */
const SNS_REQUEST_TIMEOUT_MS = 5_000;

/** The confirmation answer is a small XML document that is read and discarded. */
const MAX_CONFIRMATION_BYTES = 64 * 1024;

export { MAX_CONFIRMATION_BYTES, SNS_REQUEST_TIMEOUT_MS, SnsMessageType };
