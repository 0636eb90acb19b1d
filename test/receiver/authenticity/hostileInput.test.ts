import { randomBytes } from 'node:crypto';
import type { SNSEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHandler } from '../../../lambda/bounceHandler/handler';
import { createSigningAuthority, type SigningAuthority } from '../../../local/snsSigningAuthority';
import { SuppressionStore } from '../../../src/store/SuppressionStore';
import { PARTITION_KEY } from '../../../src/store/suppressionSchema';
import { type CapturedLogs, captureLogs } from '../../helpers/captureLogs';
import { fixture, sesBounce, snsEnvelope, snsEvent, sqsEvent, TOPIC_ARN } from '../../helpers/factories';
import { type HttpsStub, stubHttpsGet } from '../../helpers/httpsStub';
import { loopbackOnly } from '../../helpers/loopbackOnly';
import { createSuppressionTable, localDocumentClient, scanAll } from '../../helpers/table';

const CONFIGURATION_SET = 'ConfigSet'; // the name in the SES fixtures
const CERT_PATH = 'SimpleNotificationService-0123456789abcdef0123456789abcdef.pem';

type Shape = 'SNS record' | 'SQS body';
type Expected = 'processed' | 'ignored' | 'confirmed' | 'rejected' | 'failed';
type Envelope = Record<string, unknown>;

/** What a case builds with. Every address it uses is registered, to be looked for in the logs. */
interface Kit {
  readonly authority: SigningAuthority;
  readonly other: SigningAuthority;
  /** A SubscribeURL the stub answers: requesting it is what confirming means. */
  readonly subscribeUrl: string;
  /** An SES bounce for these recipients (addresses registered). */
  bounce(recipients: readonly (string | Record<string, unknown>)[]): Record<string, unknown>;
  /** An unsigned notification envelope carrying `message`. */
  notification(message: unknown, overrides?: Envelope): Envelope;
  /** An unsigned SubscriptionConfirmation or UnsubscribeConfirmation. */
  confirmation(type: string, subscribeUrl: string): Envelope;
  sign(envelope: Envelope, version?: '1' | '2'): Envelope;
}

interface HostileCase {
  readonly name: string;
  /** The envelope, or (SQS only) the raw body. */
  readonly build: (kit: Kit) => Envelope | { readonly rawBody: string };
  readonly expected: Expected;
  /** The reason (rejected) or problem (failed) that must be logged. */
  readonly logged?: RegExp;
  /** Table keys this case writes, beside the companion's. */
  readonly writes?: readonly string[];
  /** Delivered once before the batch, to make the batch's copy a redelivery. */
  readonly deliveredBefore?: boolean;
  /** @default both */
  readonly shapes?: readonly Shape[];
}

const cut = (envelope: Envelope, change: Envelope): Envelope => ({ ...envelope, ...change });
const validBounce = (kit: Kit, address = 'valid.recipient@example.com') => kit.sign(kit.notification(kit.bounce([address])));
const withMail = (kit: Kit, mail: Record<string, unknown>) => {
  const ses = kit.bounce(['tagged@example.com']);
  return { ...ses, mail: { ...(ses.mail as object), ...mail } };
};

/**
 * The corpus: hostile or broken input, each with what must become of it. Every case runs in a
 * batch beside a valid companion message, through both entry shapes unless it says otherwise.
 */
const CORPUS: readonly HostileCase[] = [
  // Signatures
  {
    name: 'tampered Message',
    expected: 'rejected',
    logged: /signature does not match/,
    build: (k) => {
      const s = validBounce(k, 'tampered@example.com');
      return cut(s, { Message: String(s.Message).replace('Permanent', 'Transient') });
    },
  },
  {
    name: 'tampered Subject',
    expected: 'rejected',
    logged: /signature does not match/,
    build: (k) => cut(k.sign(k.notification(k.bounce(['subject@example.com']), { Subject: 'Bounce' })), { Subject: 'Delivery' }),
  },
  {
    name: 'Subject added after signing',
    expected: 'rejected',
    logged: /signature does not match/,
    build: (k) => cut(validBounce(k, 'added@example.com'), { Subject: 'Bounce' }),
  },
  {
    name: 'signature from another key',
    expected: 'rejected',
    logged: /signature does not match/,
    build: (k) => {
      const s = validBounce(k, 'otherkey@example.com');
      return cut(s, { Signature: k.other.sign(s).Signature });
    },
  },
  {
    name: 'another key and its own (unserved) certificate URL',
    expected: 'failed',
    logged: /ENOTFOUND/,
    build: (k) => k.other.sign(k.notification(k.bounce(['othercert@example.com']))),
  },
  {
    name: 'SignatureVersion 3',
    expected: 'rejected',
    logged: /signature version is not 1 or 2/,
    build: (k) => cut(validBounce(k, 'v3@example.com'), { SignatureVersion: '3' }),
  },
  {
    name: 'SHA256 signature labelled version 1',
    expected: 'rejected',
    logged: /signature does not match/,
    build: (k) => cut(k.sign(k.notification(k.bounce(['swap@example.com'])), '2'), { SignatureVersion: '1' }),
  },
  {
    name: 'missing Signature',
    expected: 'rejected',
    logged: /signature is missing/,
    build: (k) => cut(validBounce(k, 'nosig@example.com'), { Signature: undefined }),
  },
  {
    name: 'empty Signature',
    expected: 'rejected',
    logged: /signature is missing/,
    build: (k) => cut(validBounce(k, 'emptysig@example.com'), { Signature: '' }),
  },
  {
    name: 'null Signature',
    expected: 'rejected',
    logged: /signature is missing/,
    build: (k) => cut(validBounce(k, 'nullsig@example.com'), { Signature: null }),
  },
  {
    name: 'Signature that is not base64',
    expected: 'rejected',
    logged: /not base64/,
    build: (k) => cut(validBounce(k, 'b64@example.com'), { Signature: '<script>' }),
  },
  // Certificate URL, refused before any download
  {
    name: 'http: certificate URL',
    expected: 'rejected',
    logged: /certificate URL is not https/,
    build: (k) => cut(validBounce(k, 'http@example.com'), { SigningCertURL: `http://sns.us-east-1.amazonaws.com/${CERT_PATH}` }),
  },
  {
    name: 'host sns.us-east-1.amazonaws.com.evil.com',
    expected: 'rejected',
    logged: /not on an SNS host/,
    build: (k) => cut(validBounce(k, 'suffix@example.com'), { SigningCertURL: `https://sns.us-east-1.amazonaws.com.evil.com/${CERT_PATH}` }),
  },
  {
    name: 'evil.com/sns.us-east-1.amazonaws.com/...',
    expected: 'rejected',
    logged: /not on an SNS host/,
    build: (k) => cut(validBounce(k, 'path@example.com'), { SigningCertURL: `https://evil.com/sns.us-east-1.amazonaws.com/${CERT_PATH}` }),
  },
  {
    name: 'userinfo https://sns.us-east-1.amazonaws.com@evil.com/...',
    expected: 'rejected',
    logged: /user info/,
    build: (k) => cut(validBounce(k, 'userinfo@example.com'), { SigningCertURL: `https://sns.us-east-1.amazonaws.com@evil.com/${CERT_PATH}` }),
  },
  {
    name: 'certificate URL with a port',
    expected: 'rejected',
    logged: /has a port/,
    build: (k) => cut(validBounce(k, 'port@example.com'), { SigningCertURL: `https://sns.us-east-1.amazonaws.com:8443/${CERT_PATH}` }),
  },
  {
    name: 'non-pem certificate path',
    expected: 'rejected',
    logged: /certificate path/,
    build: (k) => cut(validBounce(k, 'nonpem@example.com'), { SigningCertURL: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123abcd.crt' }),
  },
  {
    name: 'null certificate URL',
    expected: 'rejected',
    logged: /certificate URL is missing/,
    build: (k) => cut(validBounce(k, 'nullcert@example.com'), { SigningCertURL: null }),
  },
  // Topic, type and configuration set
  {
    name: 'another topic ARN, validly signed',
    expected: 'rejected',
    logged: /topic is not the stack's topic/,
    build: (k) => k.sign(k.notification(k.bounce(['othertopic@example.com']), { TopicArn: 'arn:aws:sns:us-east-1:999999999999:attacker-topic' })),
  },
  {
    name: 'null TopicArn',
    expected: 'rejected',
    logged: /topic is not the stack's topic/,
    shapes: ['SNS record'],
    build: (k) => cut(validBounce(k, 'nulltopic@example.com'), { TopicArn: null }),
  },
  {
    name: 'unknown message type',
    expected: 'rejected',
    logged: /type is not known/,
    build: (k) => cut(validBounce(k, 'type@example.com'), { Type: 'Notification ' }),
  },
  {
    name: 'another configuration set, validly signed',
    expected: 'rejected',
    logged: /not the stack's configuration set/,
    build: (k) => k.sign(k.notification(withMail(k, { tags: { 'ses:configuration-set': ['OtherSet'] } }))),
  },
  {
    name: 'configuration-set tag as a bare string',
    expected: 'rejected',
    logged: /not a list of names/,
    build: (k) => k.sign(k.notification(withMail(k, { tags: { 'ses:configuration-set': 'ConfigSet' } }))),
  },
  // Subscriptions
  { name: 'valid SubscriptionConfirmation', expected: 'confirmed', build: (k) => k.sign(k.confirmation('SubscriptionConfirmation', k.subscribeUrl)) },
  {
    name: 'valid SubscriptionConfirmation, SignatureVersion 2',
    expected: 'confirmed',
    build: (k) => k.sign(k.confirmation('SubscriptionConfirmation', k.subscribeUrl), '2'),
  },
  {
    name: 'SubscribeURL on a foreign host',
    expected: 'rejected',
    logged: /SubscribeURL is not on an SNS host/,
    build: (k) => k.sign(k.confirmation('SubscriptionConfirmation', `https://evil.com/?Action=ConfirmSubscription&TopicArn=${TOPIC_ARN}&Token=1`)),
  },
  {
    name: 'SubscribeURL with another action',
    expected: 'rejected',
    logged: /not a ConfirmSubscription request/,
    build: (k) => k.sign(k.confirmation('SubscriptionConfirmation', k.subscribeUrl.replace('ConfirmSubscription', 'Unsubscribe'))),
  },
  {
    name: 'SubscribeURL for another topic',
    expected: 'rejected',
    logged: /SubscribeURL names another topic/,
    build: (k) => k.sign(k.confirmation('SubscriptionConfirmation', k.subscribeUrl.replace(TOPIC_ARN, `${TOPIC_ARN}-other`))),
  },
  {
    name: 'SubscriptionConfirmation with a tampered Token',
    expected: 'rejected',
    logged: /signature does not match/,
    build: (k) => cut(k.sign(k.confirmation('SubscriptionConfirmation', k.subscribeUrl)), { Token: 'forged' }),
  },
  { name: 'UnsubscribeConfirmation', expected: 'ignored', build: (k) => k.sign(k.confirmation('UnsubscribeConfirmation', k.subscribeUrl)) },
  // Authentic but broken payloads: the dead-letter queue, never a write
  { name: 'non-JSON Message', expected: 'failed', logged: /Message is not JSON/, build: (k) => k.sign(k.notification('{"eventType": "Bounce", ')) },
  {
    name: 'JSON Message that is an array',
    expected: 'failed',
    logged: /SES event is not an object/,
    build: (k) => k.sign(k.notification('[{"eventType":"Bounce"}]')),
  },
  { name: 'JSON Message that is a number', expected: 'failed', logged: /SES event is not an object/, build: (k) => k.sign(k.notification('42')) },
  { name: 'empty recipients', expected: 'failed', logged: /bouncedRecipients is empty/, build: (k) => k.sign(k.notification(k.bounce([]))) },
  {
    name: 'null recipients',
    expected: 'failed',
    logged: /bouncedRecipients is not an array/,
    build: (k) => {
      const s = k.bounce(['x@example.com']);
      return k.sign(k.notification({ ...s, bounce: { ...(s.bounce as object), bouncedRecipients: null } }));
    },
  },
  {
    name: 'null mail',
    expected: 'failed',
    logged: /mail is not an object/,
    build: (k) => k.sign(k.notification({ ...k.bounce(['nullmail@example.com']), mail: null })),
  },
  {
    name: 'array where the bounce object belongs',
    expected: 'failed',
    logged: /bounce is not an object/,
    build: (k) => k.sign(k.notification({ ...k.bounce(['arr@example.com']), bounce: [] })),
  },
  {
    name: 'SQS body that is not JSON',
    expected: 'failed',
    logged: /SQS body is not JSON/,
    shapes: ['SQS body'],
    build: () => ({ rawBody: '{"Type":"Notification"' }),
  },
  { name: 'SQS body that is a JSON array', expected: 'failed', logged: /not a JSON object/, shapes: ['SQS body'], build: () => ({ rawBody: '[]' }) },
  {
    name: 'SQS body with a null Message',
    expected: 'failed',
    logged: /no string Message/,
    shapes: ['SQS body'],
    build: (k) => cut(validBounce(k, 'nullmsg@example.com'), { Message: null }),
  },
  // Authentic and odd: processed, the odd parts skipped
  {
    name: 'a 1 MB address string beside a valid one',
    expected: 'processed',
    writes: ['beside.huge@example.com'],
    build: (k) => k.sign(k.notification(k.bounce([`${'a'.repeat(1024 * 1024)}@example.com`, 'beside.huge@example.com']))),
  },
  {
    name: 'unicode and IDN addresses',
    expected: 'processed',
    writes: ['jane@xn--bcher-kva.de', 'δοκιμή@example.com'],
    build: (k) => k.sign(k.notification(k.bounce(['Jane <JANE@Bücher.de>', 'δοκιμή@example.com', 'bad@exa mple.com']))),
  },
  {
    name: 'null and array recipients beside a valid one',
    expected: 'processed',
    writes: ['kept@example.com'],
    build: (k) =>
      k.sign(k.notification(k.bounce([{ emailAddress: null }, null as unknown as string, ['x@example.com'] as unknown as string, 'kept@example.com']))),
  },
  {
    name: 'array where mail.tags belongs',
    expected: 'processed',
    writes: ['tagged@example.com'],
    build: (k) => k.sign(k.notification(withMail(k, { tags: [] }))),
  },
  {
    name: 'null Subject (absent), signed without one',
    expected: 'processed',
    writes: ['nullsubject@example.com'],
    build: (k) => k.sign(k.notification(k.bounce(['nullsubject@example.com']), { Subject: null })),
  },
  {
    name: 'a redelivered valid message',
    expected: 'processed',
    writes: ['redelivered@example.com'],
    deliveredBefore: true,
    build: (k) => validBounce(k, 'redelivered@example.com'),
  },
  { name: 'a Delivery event', expected: 'ignored', build: (k) => k.sign(k.notification(fixture('ses/eventpub-delivery.json'))) },
];

/** 10,000 recipients: 1,000 distinct addresses, each listed ten times (one write each, not ten). */
const TEN_THOUSAND = Array.from({ length: 10_000 }, (_, i) => `r${i % 1_000}@many.example.com`);

describe('Function: createHandler (hostile input)', () => {
  let authority: SigningAuthority;
  let other: SigningAuthority;
  let https: HttpsStub;
  let logs: CapturedLogs;
  let refusedHosts: string[];
  let subscribeUrl: string;
  let addresses: Set<string>;
  let tableName: string;
  let handler: ReturnType<typeof createHandler>;

  beforeAll(() => {
    authority = createSigningAuthority();
    other = createSigningAuthority();
  });

  beforeEach(async () => {
    tableName = await createSuppressionTable();
    handler = createHandler({
      store: new SuppressionStore({ tableName, client: localDocumentClient() }),
      topicArn: TOPIC_ARN,
      configurationSetName: CONFIGURATION_SET,
      deployment: 'Test/Guard',
    });
    https = stubHttpsGet();
    https.serve(authority.certUrl, { body: authority.certificatePem });
    subscribeUrl = `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC_ARN}&Token=${randomBytes(8).toString('hex')}`;
    https.serve(subscribeUrl, { body: '<ConfirmSubscriptionResponse/>' });
    refusedHosts = loopbackOnly();
    addresses = new Set();
    logs = captureLogs();
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  const kit = (): Kit => ({
    authority,
    other,
    subscribeUrl,
    bounce(recipients) {
      for (const r of recipients) if (typeof r === 'string' && r.includes('@')) addresses.add(r);
      return sesBounce(recipients);
    },
    notification: (message, overrides = {}) => snsEnvelope(message, overrides),
    confirmation: (type, url) =>
      snsEnvelope(`You have chosen to subscribe to the topic ${TOPIC_ARN}.`, {
        Type: type,
        Token: randomBytes(8).toString('hex'),
        SubscribeURL: url,
        UnsubscribeURL: undefined,
      }),
    sign: (envelope, version = '1') => authority.sign(envelope, version),
  });

  /** Runs one batch through an entry shape; the SNS entry's throw is caught and reported. */
  async function invoke(shape: Shape, ...items: (Envelope | { rawBody: string })[]): Promise<{ failedIndexes: number[] }> {
    if (shape === 'SQS body') {
      const event: SQSEvent = sqsEvent(...items.map((item) => ('rawBody' in item ? (item.rawBody as string) : item)));
      const response = (await handler(event)) as SQSBatchResponse;
      const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
      return { failedIndexes: event.Records.flatMap((record, i) => (failed.has(record.messageId) ? [i] : [])) };
    }
    const event: SNSEvent = snsEvent(...(items as Envelope[]));
    try {
      await handler(event);
      return { failedIndexes: [] };
    } catch (error) {
      // The SNS entry cannot say which record failed; the whole invocation is retried.
      expect(error).toBeInstanceOf(AggregateError);
      return { failedIndexes: [-1] };
    }
  }

  function summaries(): Record<string, unknown>[] {
    return logs.entries().filter((entry) => entry.message === 'batch processed');
  }

  const cases = CORPUS.flatMap((c) => (c.shapes ?? (['SNS record', 'SQS body'] as const)).map((shape) => [c.name, shape, c] as const));

  it('holds at least 30 hostile or broken inputs', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(CORPUS.map((c) => c.name)).size).toBe(CORPUS.length);
  });

  it.each(cases)('%s (%s)', async (_name, shape, hostileCase) => {
    // Prepare
    const k = kit();
    const hostile = hostileCase.build(k);
    const companion = validBounce(k, 'companion@example.com');
    if (hostileCase.deliveredBefore === true) await invoke(shape, hostile as Envelope);

    // Act
    const { failedIndexes } = await invoke(shape, hostile, companion);

    // Assess: the hostile record's fate
    const summary = summaries().at(-1);
    expect(summary).toMatchObject({
      records: 2,
      rejected: hostileCase.expected === 'rejected' ? 1 : 0,
      failed: hostileCase.expected === 'failed' ? 1 : 0,
      confirmed: hostileCase.expected === 'confirmed' ? 1 : 0,
      ignored: hostileCase.expected === 'ignored' ? 1 : 0,
    });
    const expectedFailures = hostileCase.expected !== 'failed' ? [] : shape === 'SQS body' ? [0] : [-1];
    expect(failedIndexes).toEqual(expectedFailures);
    if (hostileCase.deliveredBefore === true) expect(summary).toMatchObject({ applied: 1, duplicates: 1 });

    // Assess: only the companion and the case's own valid recipients were written
    const keys = (await scanAll(tableName)).map((item) => item[PARTITION_KEY]);
    expect(keys).toEqual(['companion@example.com', ...(hostileCase.writes ?? [])].sort((a, b) => a.localeCompare(b)));

    // Assess: the reason is logged
    const entries = logs.entries();
    if (hostileCase.expected === 'rejected') {
      expect(entries).toContainEqual(
        expect.objectContaining({ message: 'SNS message rejected: nothing written', reason: expect.stringMatching(hostileCase.logged!) }),
      );
    }
    if (hostileCase.expected === 'failed') {
      expect(entries).toContainEqual(expect.objectContaining({ level: 'ERROR', problem: expect.stringMatching(hostileCase.logged!) }));
    }

    // Assess: no full recipient address in any log line
    const text = logs.text().toLowerCase();
    for (const address of [...addresses].filter((a) => a.length < 1000)) {
      expect(text, address).not.toContain(address.toLowerCase());
    }
    expect(text).not.toContain('a'.repeat(300));

    // Assess: nothing left the machine; the SubscribeURL was requested only when confirming
    expect(refusedHosts).toEqual([]);
    // No URL but the three known ones (a case refused before any download requests none).
    expect(https.calls.filter((url) => ![authority.certUrl, subscribeUrl, other.certUrl].includes(url))).toEqual([]);
    expect(https.calls.filter((url) => url === subscribeUrl)).toHaveLength(hostileCase.expected === 'confirmed' ? 1 : 0);
  });

  it('processes a notification of 10,000 recipients: every distinct one written once, none logged', async () => {
    // Prepare
    const k = kit();
    const envelope = k.sign(k.notification(k.bounce(TEN_THOUSAND)));

    // Act
    const { failedIndexes } = await invoke('SQS body', envelope);

    // Assess
    expect(failedIndexes).toEqual([]);
    expect(summaries().at(-1)).toMatchObject({ records: 1, applied: 1_000, failed: 0 });
    expect(await scanAll(tableName)).toHaveLength(1_000);
    expect(logs.text()).not.toContain('@many.example.com');
    expect(refusedHosts).toEqual([]);
  }, 120_000);
});
