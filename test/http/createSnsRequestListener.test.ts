import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { type DynamoProxy, startDynamoProxy } from '../../local/dynamoProxy';
import { createSigningAuthority, type SigningAuthority } from '../../local/snsSigningAuthority';
import { createSnsRequestListener } from '../../src/http';
import type { ReceiverOutcome } from '../../src/receiver';
import { captureLogsEachTest } from '../helpers/captureLogs';
import { fixture, sesBounce, TOPIC_ARN } from '../helpers/factories';
import { type HttpsStub, stubHttpsGet } from '../helpers/httpsStub';
import { loopbackOnly } from '../helpers/loopbackOnly';
import { type SnsHttpEndpoint, signedConfirmation, signedNotification, startSnsHttpEndpoint } from '../helpers/snsHttp';
import { createSuppressionTable, localDocumentClient, scanAll } from '../helpers/table';

describe('Function: createSnsRequestListener', () => {
  const logs = captureLogsEachTest();
  let authority: SigningAuthority;
  let proxy: DynamoProxy;
  let https: HttpsStub;
  let refusedHosts: string[];
  let tableName: string;
  let endpoint: SnsHttpEndpoint;
  let outcomes: unknown[];

  beforeAll(async () => {
    authority = createSigningAuthority();
    proxy = await startDynamoProxy(inject('dynamoEndpoint'));
  });
  afterAll(() => proxy.close());

  beforeEach(async () => {
    proxy.reset();
    tableName = await createSuppressionTable();
    https = stubHttpsGet();
    https.serve(authority.certUrl, { body: authority.certificatePem });
    refusedHosts = loopbackOnly();
    outcomes = [];
    const listener = createSnsRequestListener({
      topicArn: TOPIC_ARN,
      configurationSetName: 'ConfigSet',
      tableName,
      // One attempt per request: the retry under test is SNS's, not the SDK's.
      dynamoClient: localDocumentClient(proxy.endpoint, 1),
      maxBodyBytes: 64 * 1024,
      onOutcome: (outcome) => outcomes.push(outcome),
    });
    endpoint = await startSnsHttpEndpoint(listener);
  });
  afterEach(async () => {
    await endpoint.close();
    expect(refusedHosts).toEqual([]);
    vi.restoreAllMocks();
  });

  it.each(['1', '2'] as const)('writes a notification signed with SignatureVersion %s and answers 200', async (version) => {
    // Act
    const answer = await endpoint.post(signedNotification(authority, sesBounce(['jane@example.com']), {}, version));

    // Assess
    expect(answer).toEqual({ status: 200, body: { outcome: 'processed' } });
    expect((await scanAll(tableName)).map((item) => [item.email, item.status])).toEqual([['jane@example.com', 'suppressed']]);
  });

  it('writes both SES formats (event publishing and identity notifications) alike', async () => {
    // Act
    const eventPub = await endpoint.post(signedNotification(authority, fixture('ses/eventpub-bounce.json')));
    const identity = await endpoint.post(signedNotification(authority, fixture('ses/identity-notification-bounce-no-dsn.json')));

    // Assess
    expect([eventPub.status, identity.status]).toEqual([200, 200]);
    expect((await scanAll(tableName)).map((item) => item.email)).toEqual(['jane@example.com', 'recipient@example.com', 'richard@example.com']);
  });

  it('answers a redelivery 200 as a duplicate and changes nothing', async () => {
    // Prepare
    const envelope = signedNotification(authority, sesBounce(['a@example.com', 'b@example.com']));
    await endpoint.post(envelope);
    const before = await scanAll(tableName);

    // Act
    const again = await endpoint.post(envelope);

    // Assess
    expect(again).toEqual({ status: 200, body: { outcome: 'duplicate' } });
    expect(await scanAll(tableName)).toEqual(before);
  });

  it('answers a forged message 200 (retrying cannot make it authentic) and writes nothing', async () => {
    // Prepare
    const signed = signedNotification(authority, sesBounce(['forged@example.com']));
    const forged = { ...signed, Message: String(signed.Message).replace('forged@', 'victim@') };

    // Act
    const answer = await endpoint.post(forged);

    // Assess
    expect(answer).toEqual({ status: 200, body: { outcome: 'rejected' } });
    expect(await scanAll(tableName)).toEqual([]);
    expect(outcomes).toEqual([{ kind: 'rejected', reason: 'signature does not match the message' }]);
  });

  it('rejects a well-signed message of another topic without downloading anything', async () => {
    // Act
    const answer = await endpoint.post(signedNotification(authority, sesBounce(['other@example.com']), { TopicArn: `${TOPIC_ARN}-other` }));

    // Assess
    expect(answer).toEqual({ status: 200, body: { outcome: 'rejected' } });
    expect(https.calls).toEqual([]);
    expect(await scanAll(tableName)).toEqual([]);
  });

  it('confirms a subscription to its topic with one request to the checked SubscribeURL', async () => {
    // Prepare
    const confirmation = signedConfirmation(authority);
    https.serve(String(confirmation.SubscribeURL), { body: '<ConfirmSubscriptionResponse/>' });

    // Act
    const answer = await endpoint.post(confirmation);

    // Assess
    expect(answer).toEqual({ status: 200, body: { outcome: 'confirmed' } });
    // The certificate may come from sns-validator's cache; the confirmation is the one other request.
    expect(https.calls.filter((url) => url !== authority.certUrl)).toEqual([confirmation.SubscribeURL]);
  });

  it('never confirms a subscription to another topic', async () => {
    // Act
    const answer = await endpoint.post(signedConfirmation(authority, `${TOPIC_ARN}-other`));

    // Assess
    expect(answer).toEqual({ status: 200, body: { outcome: 'rejected' } });
    expect(https.calls).toEqual([]);
  });

  it('answers 413 to a body above the limit, and writes nothing', async () => {
    // Prepare
    const huge = signedNotification(authority, { ...sesBounce(['big@example.com']), padding: 'x'.repeat(100 * 1024) });

    // Act
    const answer = await endpoint.post(huge);

    // Assess
    expect(answer.status).toBe(413);
    expect(await scanAll(tableName)).toEqual([]);
    expect(https.calls).toEqual([]);
  });

  it.each([
    [
      'a message-type header that disagrees with the body',
      { 'x-amz-sns-message-type': 'SubscriptionConfirmation' },
      undefined,
      "header does not match the body's Type",
    ],
    ['a body that is not JSON', {}, 'not json', 'body is not JSON'],
    ['a JSON body that is not an envelope', {}, '{"Type":"Notification"}', 'SNS envelope has no string MessageId'],
  ])('answers 400 to %s, and writes nothing', async (_, headers, body, reason) => {
    // Act
    const answer = await endpoint.post(body ?? signedNotification(authority, sesBounce(['x@example.com'])), headers);

    // Assess
    expect(answer).toEqual({ status: 400, body: { outcome: 'refused', reason: expect.stringContaining(reason) } });
    expect(await scanAll(tableName)).toEqual([]);
  });

  it('answers 405 to anything but POST', async () => {
    // Act
    const response = await fetch(endpoint.url);

    // Assess
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('answers 500 while the table is down, then 200 on the retry with nothing doubled', async () => {
    // Prepare
    const envelope = signedNotification(authority, sesBounce(['outage@example.com']));
    proxy.fail('UpdateItem', 1);

    // Act
    const during = await endpoint.post(envelope);
    const writtenDuring = await scanAll(tableName);
    const retry = await endpoint.post(envelope);
    const again = await endpoint.post(envelope);

    // Assess
    expect(during).toEqual({ status: 500, body: { outcome: 'failed' } });
    expect(writtenDuring).toEqual([]);
    expect([retry.body.outcome, again.body.outcome]).toEqual(['processed', 'duplicate']);
    expect(await scanAll(tableName)).toEqual([expect.objectContaining({ email: 'outage@example.com', eventCount: 1 })]);
    expect((outcomes[0] as ReceiverOutcome).kind).toBe('failed');
  });

  it('takes a body an Express-style parser already read (req.body as a string)', async () => {
    // Prepare
    const listener = createSnsRequestListener({ topicArn: TOPIC_ARN, configurationSetName: 'ConfigSet', tableName, dynamoClient: localDocumentClient() });
    const envelope = signedNotification(authority, sesBounce(['parsed@example.com']));
    const parsed = await startSnsHttpEndpoint((req, res) => {
      req.resume();
      req.on('end', () => listener(Object.assign(req, { body: JSON.stringify(envelope) }), res));
    });

    // Act
    const answer = await parsed.post(envelope);
    await parsed.close();

    // Assess
    expect(answer).toEqual({ status: 200, body: { outcome: 'processed' } });
    expect(logs.entries().some((entry) => JSON.stringify(entry).includes('parsed@example.com'))).toBe(false);
  });
});
