import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import MessageValidator from 'sns-validator';
import { verifySignature } from '../../../lambda/authenticity/verifySignature';
import { type SnsEnvelope, envelopeFromSnsRecord, envelopeFromSqsBody } from '../../../lambda/envelope';
import { TOPIC_ARN, sesBounce, snsEnvelope, snsEvent, sqsEvent } from '../../helpers/factories';
import { type HttpsStub, stubHttpsGet } from '../../helpers/httpsStub';
import { type SigningAuthority, createSigningAuthority } from '../../helpers/snsSigningAuthority';

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

  it.each([
    ['SubscriptionConfirmation', true],
    ['UnsubscribeConfirmation', false],
  ] as const)('accepts a signed %s (sns-validator accepts it: %s)', async (type, oracle) => {
    // Prepare
    const signed = authority.sign(
      snsEnvelope('You have chosen to subscribe to the topic.', { Type: type, Token: '2336412f37', SubscribeURL: SUBSCRIBE_URL }),
      '1',
    );

    // Act
    const result = await verifySignature(signed as unknown as SnsEnvelope);

    // Assess
    expect(result).toEqual({ verified: true });
    // sns-validator signs UnsubscribeConfirmation with the notification's fields and so refuses it.
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
});
