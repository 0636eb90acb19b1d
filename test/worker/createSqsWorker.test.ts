import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSigningAuthority, type SigningAuthority } from '../../local/snsSigningAuthority';
import { LOCAL_CREDENTIALS } from '../../src/cli/localEndpoint';
import { createReceiver, type Receiver, type ReceiverOutcome } from '../../src/receiver';
import { createSqsWorker, type SqsWorker } from '../../src/worker';
import { captureLogsEachTest } from '../helpers/captureLogs';
import { sesBounce, TOPIC_ARN } from '../helpers/factories';
import { stubHttpsGet } from '../helpers/httpsStub';
import { loopbackOnly } from '../helpers/loopbackOnly';
import { signedNotification } from '../helpers/snsHttp';
import { type SqsStub, startSqsStub } from '../helpers/sqsStub';
import { createSuppressionTable, localDocumentClient, scanAll } from '../helpers/table';

/** Resolves once `check` holds, polling; rejects after `ms`. */
async function until(check: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('Function: createSqsWorker', () => {
  captureLogsEachTest();
  let authority: SigningAuthority;
  let sqsStub: SqsStub;
  let sqs: SQSClient;
  let tableName: string;
  let receiver: Receiver;
  let refusedHosts: string[];
  const workers: SqsWorker[] = [];

  beforeAll(async () => {
    authority = createSigningAuthority();
    sqsStub = await startSqsStub();
    sqs = new SQSClient({ endpoint: sqsStub.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
  });
  afterAll(() => sqsStub.close());

  beforeEach(async () => {
    tableName = await createSuppressionTable();
    receiver = createReceiver({ topicArn: TOPIC_ARN, configurationSetName: 'ConfigSet', tableName, dynamoClient: localDocumentClient() });
    stubHttpsGet().serve(authority.certUrl, { body: authority.certificatePem });
    refusedHosts = loopbackOnly();
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop()));
    expect(refusedHosts).toEqual([]);
    vi.restoreAllMocks();
  });

  /** A fresh queue with SQS's timed behaviour and a dead-letter queue after `maxReceiveCount` receives. */
  function freshQueue(maxReceiveCount = 3): { name: string; dlq: string; url: string } {
    const name = `q-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    sqsStub.configureQueue(name, { visibilityTimeoutSeconds: 2, redrive: { deadLetterQueue: `${name}-dlq`, maxReceiveCount } });
    return { name, dlq: `${name}-dlq`, url: sqsStub.queueUrl(name) };
  }

  function startWorker(url: string, options: { receiver?: Receiver; trustQueue?: boolean; onOutcome?: (o: ReceiverOutcome) => void } = {}): SqsWorker {
    const worker = createSqsWorker({
      receiver: options.receiver ?? receiver,
      queueUrl: url,
      sqs,
      visibilityTimeoutSeconds: 2,
      waitTimeSeconds: 1,
      ...(options.trustQueue === undefined ? {} : { trustQueue: options.trustQueue }),
      ...(options.onOutcome === undefined ? {} : { onOutcome: options.onOutcome }),
    });
    workers.push(worker);
    worker.start();
    return worker;
  }

  it('writes each message and deletes it only after, redeliveries as duplicates', async () => {
    // Prepare
    const queue = freshQueue();
    // One recipient: the two copies may be processed at once, and with two recipients each copy
    // could win one of them (both 'processed'); with one, exactly one copy writes it.
    const envelope = JSON.stringify(signedNotification(authority, sesBounce(['a@example.com'])));
    const other = JSON.stringify(signedNotification(authority, sesBounce(['b@example.com'])));
    sqsStub.seed(queue.name, [envelope, envelope, other]);
    const outcomes: string[] = [];

    // Act
    startWorker(queue.url, { onOutcome: (o) => outcomes.push(o.kind) });
    await until(() => sqsStub.messages(queue.name).length === 0);

    // Assess
    expect(outcomes.sort()).toEqual(['duplicate', 'processed', 'processed']);
    expect((await scanAll(tableName)).map((item) => [item.email, item.eventCount])).toEqual([
      ['a@example.com', 1],
      ['b@example.com', 1],
    ]);
  });

  it('leaves a poison message for the redrive policy: it reaches the dead-letter queue after the receive limit, nothing written', async () => {
    // Prepare
    const queue = freshQueue(2);
    sqsStub.seed(queue.name, ['{"Type": "Notification", ']);

    // Act
    startWorker(queue.url);
    await until(() => sqsStub.messages(queue.dlq).length === 1);

    // Assess
    expect(sqsStub.messages(queue.name)).toEqual([]);
    expect(sqsStub.messages(queue.dlq).map((m) => m.Body)).toEqual(['{"Type": "Notification", ']);
    expect(await scanAll(tableName)).toEqual([]);
  });

  it('refuses raw message delivery (left for the dead-letter queue) unless the queue is trusted', async () => {
    // Prepare
    const refused = freshQueue(1);
    const trusted = freshQueue(1);
    const raw = JSON.stringify(sesBounce(['raw@example.com']));
    sqsStub.seed(refused.name, [raw]);
    sqsStub.seed(trusted.name, [raw]);

    // Act
    startWorker(refused.url);
    await until(() => sqsStub.messages(refused.dlq).length === 1);
    const written = await scanAll(tableName);
    startWorker(trusted.url, { trustQueue: true });
    await until(() => sqsStub.messages(trusted.name).length === 0);

    // Assess
    expect(written).toEqual([]);
    expect((await scanAll(tableName)).map((item) => item.email)).toEqual(['raw@example.com']);
    expect(sqsStub.messages(trusted.dlq)).toEqual([]);
  });

  it('keeps a slow batch hidden with a visibility heartbeat, so it is processed once', async () => {
    // Prepare: a receiver that takes longer than the visibility timeout.
    const queue = freshQueue();
    sqsStub.seed(queue.name, [JSON.stringify(signedNotification(authority, sesBounce(['slow@example.com'])))]);
    const outcomes: string[] = [];
    const slow: Receiver = {
      ...receiver,
      receive: async (body) => {
        await new Promise((r) => setTimeout(r, 3_000));
        return receiver.receive(body);
      },
    };
    const before = sqsStub.count('ChangeMessageVisibilityBatch');

    // Act
    startWorker(queue.url, { receiver: slow, onOutcome: (o) => outcomes.push(o.kind) });
    await until(() => sqsStub.messages(queue.name).length === 0);

    // Assess
    expect(sqsStub.count('ChangeMessageVisibilityBatch')).toBeGreaterThan(before);
    expect(outcomes).toEqual(['processed']);
  });

  it('shares one queue between two workers, each message written once', async () => {
    // Prepare
    const queue = freshQueue();
    const addresses = Array.from({ length: 30 }, (_, i) => `user${String(i).padStart(2, '0')}@example.com`);
    sqsStub.seed(
      queue.name,
      addresses.map((address) => JSON.stringify(signedNotification(authority, sesBounce([address])))),
    );
    const byWorker = [0, 0];

    // Act
    startWorker(queue.url, { onOutcome: () => byWorker[0]!++ });
    startWorker(queue.url, { onOutcome: () => byWorker[1]!++ });
    await until(() => sqsStub.messages(queue.name).length === 0);

    // Assess
    expect(byWorker[0]! + byWorker[1]!).toBe(30);
    const items = await scanAll(tableName);
    expect(items.map((item) => item.email)).toEqual(addresses);
    expect(items.every((item) => item.eventCount === 1)).toBe(true);
  });

  it('on stop lets the batch in hand finish and delete, then stops polling', async () => {
    // Prepare
    const queue = freshQueue();
    sqsStub.seed(queue.name, [JSON.stringify(signedNotification(authority, sesBounce(['drain@example.com'])))]);
    let started = false;
    const slow: Receiver = {
      ...receiver,
      receive: async (body) => {
        started = true;
        await new Promise((r) => setTimeout(r, 1_000));
        return receiver.receive(body);
      },
    };
    const worker = startWorker(queue.url, { receiver: slow });
    await until(() => started);

    // Act
    await worker.stop();
    const receivesAfterStop = sqsStub.count('ReceiveMessage');
    await new Promise((resolve) => setTimeout(resolve, 300));

    // Assess
    expect(sqsStub.messages(queue.name)).toEqual([]);
    expect((await scanAll(tableName)).map((item) => item.email)).toEqual(['drain@example.com']);
    expect(sqsStub.count('ReceiveMessage')).toBe(receivesAfterStop);
  });
});
