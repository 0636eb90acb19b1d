import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSigningAuthority, type SigningAuthority } from '../../../local/snsSigningAuthority';
import { authenticate } from '../../../src/receiver/authenticity/authenticate';
import { SnsRequestError } from '../../../src/receiver/authenticity/errors';
import type { SnsEnvelope } from '../../../src/receiver/envelope';
import { sesBounce, snsEnvelope, TOPIC_ARN } from '../../helpers/factories';
import { stubHttpsGet } from '../../helpers/httpsStub';

const asEnvelope = (value: Record<string, unknown>) => value as unknown as SnsEnvelope;

describe('Function: authenticate', () => {
  let authority: SigningAuthority;
  beforeAll(() => {
    authority = createSigningAuthority();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('accepts a signed envelope of the stack topic', async () => {
    // Prepare
    const https = stubHttpsGet();
    https.serve(authority.certUrl, { body: authority.certificatePem });

    // Act
    const result = await authenticate(asEnvelope(authority.sign(snsEnvelope(sesBounce(['a@example.com'])))), { topicArn: TOPIC_ARN, verifySignatures: true });

    // Assess
    expect(result).toEqual({ authentic: true });
    expect(https.calls).toEqual([authority.certUrl]);
  });

  it('checks the topic before the signature, so that other topics cost no download', async () => {
    // Prepare
    const https = stubHttpsGet();
    const envelope = authority.sign(snsEnvelope(sesBounce(['a@example.com']), { TopicArn: 'arn:aws:sns:us-east-1:999999999999:other' }));

    // Act
    const result = await authenticate(asEnvelope(envelope), { topicArn: TOPIC_ARN, verifySignatures: true });

    // Assess
    expect(result).toEqual({ authentic: false, reason: "topic is not the stack's topic" });
    expect(https.calls).toEqual([]);
  });

  it('with verification off, accepts an unsigned envelope of the stack topic but still refuses other topics', async () => {
    // Prepare
    const https = stubHttpsGet();
    const settings = { topicArn: TOPIC_ARN, verifySignatures: false };

    // Act
    const ours = await authenticate(asEnvelope(snsEnvelope(sesBounce(['a@example.com']))), settings);
    const theirs = await authenticate(asEnvelope(snsEnvelope(sesBounce(['a@example.com']), { TopicArn: `${TOPIC_ARN}x` })), settings);

    // Assess
    expect(ours).toEqual({ authentic: true });
    expect(theirs).toEqual({ authentic: false, reason: "topic is not the stack's topic" });
    expect(https.calls).toEqual([]);
  });

  it('throws SnsRequestError when the certificate cannot be downloaded: that proves nothing either way', async () => {
    // Prepare
    const https = stubHttpsGet();
    const unreachable = createSigningAuthority();
    https.serve(unreachable.certUrl, { status: 500, body: 'InternalError' });

    // Act
    const result = authenticate(asEnvelope(unreachable.sign(snsEnvelope(sesBounce(['a@example.com'])))), { topicArn: TOPIC_ARN, verifySignatures: true });

    // Assess
    await expect(result).rejects.toBeInstanceOf(SnsRequestError);
  });
});
