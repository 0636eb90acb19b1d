import { randomBytes } from 'node:crypto';
import MessageValidator from 'sns-validator';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSigningAuthority, type SigningAuthority } from '../../../local/snsSigningAuthority';
import { SnsRequestError } from '../../../src/receiver/authenticity/errors';
import { verifySignature } from '../../../src/receiver/authenticity/verifySignature';
import { envelopeFromSnsRecord, envelopeFromSqsBody, type SnsEnvelope } from '../../../src/receiver/envelope';
import { sesBounce, snsEnvelope, snsEvent, sqsEvent, TOPIC_ARN } from '../../helpers/factories';
import { type HttpsStub, stubHttpsGet } from '../../helpers/httpsStub';

const SUBSCRIBE_URL = `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC_ARN}&Token=2336412f37`;

/** sns-validator's verdict on the same envelope: AWS's own library, as an independent oracle. */
function snsValidatorAccepts(envelope: Record<string, unknown>): Promise<boolean> {
  // A deep copy: sns-validator rewrites the object it validates.
  const copy = structuredClone(envelope);
  return new Promise((resolve) => new MessageValidator().validate(copy, (error) => resolve(error === null || error === undefined)));
}

/** The envelope as each entry shape delivers it, turned back into the HTTP/SQS shape. */
function throughBothShapes(envelope: Record<string, unknown>): [string, SnsEnvelope][] {
  return [
    ['SNS record', envelopeFromSnsRecord(snsEvent(envelope).Records[0]!.Sns)],
    ['SQS body', envelopeFromSqsBody(sqsEvent(envelope).Records[0]!.body)],
  ];
}

describe('Function: verifySignature', () => {
  let authority: SigningAuthority;
  let other: SigningAuthority;
  let https: HttpsStub;
  beforeAll(() => {
    authority = createSigningAuthority();
    other = createSigningAuthority();
  });
  beforeEach(() => {
    https = stubHttpsGet();
    https.serve(authority.certUrl, { body: authority.certificatePem });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each([
    ['1', 'SHA1'],
    ['2', 'SHA256'],
  ] as const)('accepts a notification signed with SignatureVersion %s (%s), through both entry shapes', async (version, _digest) => {
    // Prepare
    const signed = authority.sign(snsEnvelope(sesBounce(['a@example.com'])), version);

    for (const [shape, envelope] of throughBothShapes(signed)) {
      // Act
      const result = await verifySignature(envelope);

      // Assess
      expect(result, shape).toEqual({ verified: true });
    }
    expect(await snsValidatorAccepts(signed)).toBe(true);
  });

  it('accepts a notification with a Subject, which is then signed too', async () => {
    // Prepare
    const signed = authority.sign(snsEnvelope(sesBounce(['a@example.com']), { Subject: 'Amazon SES Email Event Notification' }), '2');

    for (const [shape, envelope] of throughBothShapes(signed)) {
      // Act
      const result = await verifySignature(envelope);

      // Assess
      expect(result, shape).toEqual({ verified: true });
    }
  });

  it.each([['SubscriptionConfirmation', true]] as const)('accepts a signed %s (sns-validator accepts it: %s)', async (type, oracle) => {
    // Prepare
    const signed = authority.sign(
      snsEnvelope('You have chosen to subscribe to the topic.', { Type: type, Token: '2336412f37', SubscribeURL: SUBSCRIBE_URL }),
      '1',
    );

    // Act
    const result = await verifySignature(signed as unknown as SnsEnvelope);

    // Assess
    expect(result).toEqual({ verified: true });
    expect(await snsValidatorAccepts(signed)).toBe(oracle);
  });

  it.each([
    ['a tampered Message', (e: Record<string, unknown>) => ({ ...e, Message: String(e.Message).replace('Permanent', 'Transient') })],
    ['a tampered Subject', (e: Record<string, unknown>) => ({ ...e, Subject: 'Something else' })],
    ['a removed Subject', (e: Record<string, unknown>) => ({ ...e, Subject: null })],
    ['a tampered TopicArn', (e: Record<string, unknown>) => ({ ...e, TopicArn: `${TOPIC_ARN}-2` })],
    ['a tampered Timestamp', (e: Record<string, unknown>) => ({ ...e, Timestamp: '2030-01-01T00:00:00.000Z' })],
    ['a changed SignatureVersion', (e: Record<string, unknown>) => ({ ...e, SignatureVersion: '2' })],
    ['the signature of another key', (e: Record<string, unknown>) => ({ ...e, Signature: other.sign(e).Signature })],
  ])('refuses %s, as sns-validator does', async (_name, tamper) => {
    // Prepare
    const signed = authority.sign(snsEnvelope(sesBounce(['a@example.com']), { Subject: 'Bounce' }), '1');
    const tampered = tamper(signed);

    for (const [shape, envelope] of throughBothShapes(tampered)) {
      // Act
      const result = await verifySignature(envelope);

      // Assess
      expect(result, shape).toEqual({ verified: false, reason: 'signature does not match the message' });
    }
    expect(await snsValidatorAccepts(tampered)).toBe(false);
  });

  it.each([
    ['SignatureVersion 3', { SignatureVersion: '3' }, /signature version/],
    ['no SignatureVersion', { SignatureVersion: undefined }, /signature version/],
    ['a numeric SignatureVersion', { SignatureVersion: 1 }, /signature version/],
    ['no Signature', { Signature: undefined }, /signature is missing/],
    ['an empty Signature', { Signature: '' }, /signature is missing/],
    ['a Signature that is not base64', { Signature: 'not base64!' }, /not base64/],
    ['an http certificate URL', { SigningCertURL: 'http://sns.us-east-1.amazonaws.com/SimpleNotificationService-0a.pem' }, /not https/],
    ['a Timestamp that is not a string', { Timestamp: 1_700_000_000 }, /Timestamp/],
  ])('refuses %s before any download', async (_name, change, reason) => {
    // Prepare
    const envelope = { ...authority.sign(snsEnvelope(sesBounce(['a@example.com'])), '1'), ...change };

    // Act
    const result = await verifySignature(envelope as unknown as SnsEnvelope);

    // Assess
    expect(result).toEqual({ verified: false, reason: expect.stringMatching(reason) });
    expect(https.calls).toEqual([]);
  });

  it('reads the envelope only: the caller sees it unchanged', async () => {
    // Prepare
    const envelope = authority.sign(snsEnvelope(sesBounce(['a@example.com'])), '2');
    const before = structuredClone(envelope);

    // Act
    await verifySignature(envelope as unknown as SnsEnvelope);

    // Assess
    expect(envelope).toEqual(before);
  });

  describe('the certificate download (sns-validator, bounded here)', () => {
    /** sns-validator caches per URL for the life of the module: each test signs for a URL of its own. */
    const atFreshUrl = (envelope: Record<string, unknown>) => ({
      ...envelope,
      SigningCertURL: `https://sns.us-east-1.amazonaws.com/SimpleNotificationService-${randomBytes(16).toString('hex')}.pem`,
    });

    it('downloads a certificate once per URL and verifies later messages from the cache', async () => {
      // Prepare
      const first = atFreshUrl(authority.sign(snsEnvelope(sesBounce(['a@example.com']))));
      const url = String(first.SigningCertURL);
      https.serve(url, { body: authority.certificatePem });
      const second = { ...authority.sign(snsEnvelope(sesBounce(['b@example.com']))), SigningCertURL: url };

      // Act
      const results = [await verifySignature(first as unknown as SnsEnvelope), await verifySignature(second as unknown as SnsEnvelope)];

      // Assess
      expect(results).toEqual([{ verified: true }, { verified: true }]);
      expect(https.calls).toEqual([url]);
    });

    it.each([
      ['an error status', { status: 503, body: 'Service Unavailable' }],
      ['a network error', 'network-error' as const],
    ])('never caches a failed download (%s): the record is retried, and the retry downloads again', async (_name, failure) => {
      // Prepare
      const envelope = atFreshUrl(authority.sign(snsEnvelope(sesBounce(['a@example.com']))));
      const url = String(envelope.SigningCertURL);
      https.serve(url, failure);

      // Act
      const failed = verifySignature(envelope as unknown as SnsEnvelope);
      await expect(failed).rejects.toBeInstanceOf(SnsRequestError);
      https.serve(url, { body: authority.certificatePem });
      const retried = await verifySignature(envelope as unknown as SnsEnvelope);

      // Assess
      expect(retried).toEqual({ verified: true });
      expect(https.calls).toEqual([url, url]);
    });

    it.each([
      ['a server that never answers', 'hang' as const],
      ['an answer cut off after its headers', 'cut-off' as const],
    ])('bounds the wait by the timeout: %s', async (_name, answer) => {
      // Prepare
      const envelope = atFreshUrl(authority.sign(snsEnvelope(sesBounce(['a@example.com']))));
      https.serve(String(envelope.SigningCertURL), answer);

      // Act
      const result = verifySignature(envelope as unknown as SnsEnvelope, 20);

      // Assess
      await expect(result).rejects.toThrow(/timed out after 20 ms/);
      https.serve(String(envelope.SigningCertURL), { body: authority.certificatePem });
      await expect(verifySignature(envelope as unknown as SnsEnvelope)).resolves.toEqual({ verified: true });
    });

    it('fails (not rejects) a message whose certificate URL answers something that is not a certificate', async () => {
      // Prepare
      const envelope = atFreshUrl(authority.sign(snsEnvelope(sesBounce(['a@example.com']))));
      https.serve(String(envelope.SigningCertURL), { body: '<html>not a certificate</html>' });

      // Act
      const result = verifySignature(envelope as unknown as SnsEnvelope);

      // Assess: retried and, if it persists, dead-lettered; never dropped as a forgery
      await expect(result).rejects.toBeInstanceOf(SnsRequestError);
    });
  });
});
