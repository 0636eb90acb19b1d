import type { SQSBatchResponse } from 'aws-lambda';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHandler } from '../../lambda/bounceHandler/handler';
import { createSigningAuthority, type SigningAuthority } from '../../local/snsSigningAuthority';
import { SuppressionStore } from '../../src/store/SuppressionStore';
import { PARTITION_KEY } from '../../src/store/suppressionSchema';
import { captureLogs } from '../helpers/captureLogs';
import { sesBounce, snsEnvelope, snsEvent, sqsEvent, TOPIC_ARN } from '../helpers/factories';
import { type HttpsStub, stubHttpsGet } from '../helpers/httpsStub';
import { loopbackOnly } from '../helpers/loopbackOnly';
import { createSuppressionTable, localDocumentClient, scanAll } from '../helpers/table';

describe('Function: processEnvelope (through createHandler)', () => {
  let authority: SigningAuthority;
  let https: HttpsStub;
  let tableName: string;
  let store: SuppressionStore;
  let refusedHosts: string[];

  beforeAll(() => {
    authority = createSigningAuthority();
  });
  beforeEach(async () => {
    tableName = await createSuppressionTable();
    store = new SuppressionStore({ tableName, client: localDocumentClient() });
    https = stubHttpsGet();
    refusedHosts = loopbackOnly();
    captureLogs();
  });
  afterEach(() => {
    expect(refusedHosts).toEqual([]);
    vi.restoreAllMocks();
  });

  it('fails the record while the certificate cannot be downloaded, and processes it on the retry', async () => {
    // Prepare
    const handler = createHandler({ store, topicArn: TOPIC_ARN, configurationSetName: 'ConfigSet', deployment: 'Test/Guard' });
    const event = sqsEvent(authority.sign(snsEnvelope(sesBounce(['outage@example.com']))));
    https.serve(authority.certUrl, 'network-error');

    // Act
    const during = (await handler(event)) as SQSBatchResponse;
    const writtenDuring = await scanAll(tableName);
    https.serve(authority.certUrl, { body: authority.certificatePem });
    const after = (await handler(event)) as SQSBatchResponse;

    // Assess
    expect(during.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0]!.messageId }]);
    expect(writtenDuring).toEqual([]);
    expect(after.batchItemFailures).toEqual([]);
    expect((await scanAll(tableName)).map((item) => item[PARTITION_KEY])).toEqual(['outage@example.com']);
  });

  it('does not throw on the SNS entry for a rejected record', async () => {
    // Prepare
    const logs = captureLogs();
    const handler = createHandler({ store, topicArn: TOPIC_ARN, configurationSetName: 'ConfigSet', deployment: 'Test/Guard' });
    https.serve(authority.certUrl, { body: authority.certificatePem });
    const signed = authority.sign(snsEnvelope(sesBounce(['forged@example.com'])));
    const forged = { ...signed, Message: String(signed.Message).replace('Permanent', 'Transient') };

    // Act
    const result = handler(snsEvent(forged));

    // Assess
    await expect(result).resolves.toBeUndefined();
    expect(await scanAll(tableName)).toEqual([]);
    expect(logs.entries()).toContainEqual(expect.objectContaining({ reason: 'signature does not match the message' }));
  });

  describe('with signature verification off', () => {
    it('processes unsigned notifications of the stack topic, rejects other topics and confirms nothing', async () => {
      // Prepare
      const logs = captureLogs();
      const handler = createHandler({ store, topicArn: TOPIC_ARN, configurationSetName: 'ConfigSet', deployment: 'Test/Guard', verifySignatures: false });
      const subscribeUrl = `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC_ARN}&Token=1`;
      https.serve(subscribeUrl, { body: '<ConfirmSubscriptionResponse/>' });
      const event = sqsEvent(
        snsEnvelope(sesBounce(['unsigned@example.com'])),
        snsEnvelope(sesBounce(['other-topic@example.com']), { TopicArn: 'arn:aws:sns:us-east-1:999999999999:other' }),
        snsEnvelope('confirm', { Type: 'SubscriptionConfirmation', Token: '1', SubscribeURL: subscribeUrl }),
      );

      // Act
      const response = (await handler(event)) as SQSBatchResponse;

      // Assess
      expect(response.batchItemFailures).toEqual([]);
      expect((await scanAll(tableName)).map((item) => item[PARTITION_KEY])).toEqual(['unsigned@example.com']);
      expect(https.calls).toEqual([]);
      expect(logs.entries()).toContainEqual(expect.objectContaining({ message: 'batch processed', applied: 1, rejected: 2 }));
      expect(logs.entries()).toContainEqual(expect.objectContaining({ message: expect.stringMatching(/signature verification is OFF/) }));
    });
  });
});
