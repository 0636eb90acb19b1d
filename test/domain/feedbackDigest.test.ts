import { describe, expect, it } from 'vitest';
import { FEEDBACK_DIGEST_LENGTH } from '../../src/domain/constants';
import { feedbackDigest } from '../../src/domain/feedbackDigest';

describe('Function: feedbackDigest', () => {
  it('is the base64url SHA-256 prefix that openssl computes for the same id', () => {
    // Expected values from: echo -n ID | openssl dgst -sha256 -binary | base64 | tr '+/' '-_' | cut -c1-10
    expect(feedbackDigest('f4')).toBe('YIzbUkOE9e');
    expect(feedbackDigest('0100018d4f1c2a3b-61b59c11-9236-11e6-8f96-7be8aexample-000000')).toBe('XuZUdr8jmS');
  });

  it('is short and differs for ids that differ in one character', () => {
    const a = feedbackDigest('0100018d4f1c2a3b-61b59c11-9236-11e6-8f96-7be8aexample-000000');
    const b = feedbackDigest('0100018d4f1c2a3b-61b59c11-9236-11e6-8f96-7be8aexample-000001');
    expect(a).toHaveLength(FEEDBACK_DIGEST_LENGTH);
    expect(b).not.toBe(a);
  });
});
