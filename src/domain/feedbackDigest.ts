import { createHash } from 'node:crypto';
import { FEEDBACK_DIGEST_LENGTH } from './constants';

/**
 * The short digest of an SES feedback id that an item stores instead of the id: the first
 * {@link FEEDBACK_DIGEST_LENGTH} characters of its SHA-256 in base64url (60 bits).
 *
 * Why this is safe enough:
 * - Collision: a new event is taken for a redelivery only if its digest equals one of the at most
 *   2 × FEEDBACK_ID_CAP = 100 digests its own address remembers: p ≤ 100 / 2^60 ≈ 8.7e-17 per
 *   event, so about one wrongly dropped event in 10^16; at a billion events a year, once in ten
 *   million years. (Digests of other addresses never meet: each item holds its own.)
 * - Redelivery window: an item remembers the last 50 to 100 events of its address. A redelivery of
 *   an older one is applied again, and the only thing that changes is `eventCount` (+1): times are
 *   minimum and maximum, the deciding event must rank strictly higher, and a soft-bounce entry is
 *   a set element, so applying an event twice leaves them as they were. SNS retries a Lambda
 *   delivery within hours (at most 23 days in total) and SQS keeps a message at most 14 days;
 *   only an address with more than 50 events within that time can see a count one too high.
 *
 * @example
 * feedbackDigest('0100018d4f1c2a3b-61b59c11-9236-11e6-8f96-7be8aexample-000000'); // 10 characters
 */
function feedbackDigest(feedbackId: string): string {
  return createHash('sha256').update(feedbackId).digest('base64url').slice(0, FEEDBACK_DIGEST_LENGTH);
}

export { feedbackDigest };
