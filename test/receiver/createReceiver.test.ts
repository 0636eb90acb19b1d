import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSigningAuthority } from '../../local/snsSigningAuthority';
import { createReceiver, type Receiver } from '../../src/receiver';
import { captureLogsEachTest } from '../helpers/captureLogs';
import { fixture, sesBounce, snsEvent, TOPIC_ARN } from '../helpers/factories';
import { stubHttpsGet } from '../helpers/httpsStub';
import { loopbackOnly } from '../helpers/loopbackOnly';
import { signedNotification } from '../helpers/snsHttp';
import { createSuppressionTable, localDocumentClient, scanAll } from '../helpers/table';

describe('Function: createReceiver', () => {
  captureLogsEachTest();
  const authority = createSigningAuthority();
  let tableName: string;
  let receiver: Receiver;
  let refusedHosts: string[];

  beforeEach(async () => {
    tableName = await createSuppressionTable();
    receiver = createReceiver({ topicArn: TOPIC_ARN, configurationSetName: 'ConfigSet', tableName, dynamoClient: localDocumentClient() });
    stubHttpsGet().serve(authority.certUrl, { body: authority.certificatePem });
    refusedHosts = loopbackOnly();
  });
  afterEach(() => {
    expect(refusedHosts).toEqual([]);
    vi.restoreAllMocks();
  });

  it('takes an envelope as a JSON string, as an object, or in the Lambda record shape (SigningCertUrl)', async () => {
    // Prepare
    const asString = JSON.stringify(signedNotification(authority, sesBounce(['string@example.com'])));
    const asObject = signedNotification(authority, sesBounce(['object@example.com']));
    const lambdaShape = snsEvent(signedNotification(authority, sesBounce(['lambda@example.com']))).Records[0]!.Sns;

    // Act
    const outcomes = [await receiver.receive(asString), await receiver.receive(asObject), await receiver.receive(lambdaShape as never)];

    // Assess
    expect(outcomes).toEqual(Array(3).fill({ kind: 'processed', applied: 1, duplicates: 0, invalidRecipients: 0 }));
    expect((await scanAll(tableName)).map((item) => item.email)).toEqual(['lambda@example.com', 'object@example.com', 'string@example.com']);
  });

  it('reports ignored event types and malformed input with their reasons, writing nothing', async () => {
    // Act
    const delivery = await receiver.receive(signedNotification(authority, fixture('ses/eventpub-delivery.json')));
    const notJson = await receiver.receive('{"Type":');
    const noFields = await receiver.receive({ Type: 'Notification' });

    // Assess
    expect(delivery).toEqual({ kind: 'ignored', reason: 'Delivery is not acted on' });
    expect(notJson).toMatchObject({ kind: 'failed', reason: 'SQS body is not JSON' });
    expect(noFields).toMatchObject({ kind: 'failed', reason: 'SNS envelope has no string MessageId' });
    expect(await scanAll(tableName)).toEqual([]);
  });

  it('processes an unsigned SES event only for its configuration set', async () => {
    // Act
    const ours = await receiver.receiveUnsigned(JSON.stringify(sesBounce(['raw@example.com'])), 'm-1');
    const theirs = await receiver.receiveUnsigned(JSON.stringify(fixture('ses/eventpub-bounce.json')).replace('"ConfigSet"', '"OtherSet"'), 'm-2');

    // Assess
    expect(ours.kind).toBe('processed');
    expect(theirs).toMatchObject({ kind: 'rejected' });
    expect((await scanAll(tableName)).map((item) => item.email)).toEqual(['raw@example.com']);
  });

  it('refuses to start with every problem of its options named at once', () => {
    // Act
    const create = () => createReceiver({ topicArn: 'not-an-arn', configurationSetName: ' ', tableName: '' });

    // Assess
    expect(create).toThrow(/topicArn is not an SNS topic ARN.*configurationSetName is required; tableName is required/);
  });
});
