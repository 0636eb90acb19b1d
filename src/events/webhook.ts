/**
 * The header every webhook request carries, holding the shared secret (EventBridge's API-key
 * connection sends it as `<name>: <value>`). A receiver compares it, in constant time, with its own
 * copy of the secret and refuses the request otherwise.
 */
const WEBHOOK_SECRET_HEADER = 'X-Ses-Bounce-Guard-Secret';

export { WEBHOOK_SECRET_HEADER };
