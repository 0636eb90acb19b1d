import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHandler } from '../../lambda/bounceHandler/handler';
import { createSigningAuthority } from '../../local/snsSigningAuthority';
import { LOCAL_CREDENTIALS } from '../../src/cli/localEndpoint';
import { createSnsRequestListener } from '../../src/http';
import { createReceiver } from '../../src/receiver';
import { SuppressionStore } from '../../src/store/SuppressionStore';
import { createSqsWorker } from '../../src/worker';
import { captureLogsEachTest } from '../helpers/captureLogs';
import { snsEvent, TOPIC_ARN } from '../helpers/factories';
import { stubHttpsGet } from '../helpers/httpsStub';
import { loopbackOnly } from '../helpers/loopbackOnly';
import { signedNotification, startSnsHttpEndpoint } from '../helpers/snsHttp';
import { type SqsStub, startSqsStub } from '../helpers/sqsStub';
import { createSuppressionTable, localDocumentClient, scanAll } from '../helpers/table';

const SAMPLES = join(__dirname, '..', '..', 'samples');
const CONFIGURATION_SET = 'txn-mail';

/** The three receiver shapes and the function, fed one corpus (samples/), write the same table. */
describe('Receivers: one corpus, one table', () => {
  captureLogsEachTest();
  const authority = createSigningAuthority();
  let sqs: SqsStub;
  let refusedHosts: string[];

  beforeAll(async () => {
    sqs = await startSqsStub();
  });
  afterAll(() => sqs.close());
  afterEach(() => {
    expect(refusedHosts).toEqual([]);
    vi.restoreAllMocks();
  });

  it('gives the Lambda handler, the HTTPS listener and the SQS worker identical tables', async () => {
    // Prepare: every sample, signed once; each receiver gets the same envelopes (and each twice: redelivery).
    stubHttpsGet().serve(authority.certUrl, { body: authority.certificatePem });
    refusedHosts = loopbackOnly();
    const files = readdirSync(SAMPLES)
      .filter((name) => name.endsWith('.json'))
      .sort();
    const envelopes = files.map((name) => signedNotification(authority, JSON.parse(readFileSync(join(SAMPLES, name), 'utf8'))));
    const [lambdaTable, httpTable, workerTable] = await Promise.all([createSuppressionTable(), createSuppressionTable(), createSuppressionTable()]);
    const receiverFor = (tableName: string) =>
      createReceiver({ topicArn: TOPIC_ARN, configurationSetName: CONFIGURATION_SET, tableName, dynamoClient: localDocumentClient() });

    // Act: the function
    const handler = createHandler({
      store: new SuppressionStore({ tableName: lambdaTable, client: localDocumentClient() }),
      topicArn: TOPIC_ARN,
      configurationSetName: CONFIGURATION_SET,
      deployment: 'Test/Guard',
    });
    for (const envelope of [...envelopes, ...envelopes]) await handler(snsEvent(envelope));

    // Act: the HTTPS listener
    const endpoint = await startSnsHttpEndpoint(createSnsRequestListener({ receiver: receiverFor(httpTable) }));
    const statuses = [];
    for (const envelope of [...envelopes, ...envelopes]) statuses.push((await endpoint.post(envelope)).status);
    await endpoint.close();

    // Act: the worker
    const queue = `corpus-${Date.now()}`;
    sqs.configureQueue(queue, { visibilityTimeoutSeconds: 5 });
    sqs.seed(
      queue,
      [...envelopes, ...envelopes].map((envelope) => JSON.stringify(envelope)),
    );
    const worker = createSqsWorker({
      receiver: receiverFor(workerTable),
      queueUrl: sqs.queueUrl(queue),
      sqs: new SQSClient({ endpoint: sqs.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS }),
      waitTimeSeconds: 1,
      visibilityTimeoutSeconds: 5,
    });
    worker.start();
    const deadline = Date.now() + 60_000;
    while (sqs.messages(queue).length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    await worker.stop();

    // Assess
    const expected = await scanAll(lambdaTable);
    expect(expected.length).toBeGreaterThan(5);
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(sqs.messages(queue)).toEqual([]);
    expect(await scanAll(httpTable)).toEqual(expected);
    expect(await scanAll(workerTable)).toEqual(expected);
  });
});
