import { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandler } from '../../lambda/bounceHandler/handler';
import { queueDestination } from '../../src/admin/redriveDestinations';
import { redriveMessages } from '../../src/admin/redriveMessages';
import { SuppressionStore } from '../../src/store/SuppressionStore';
import { captureLogsEachTest } from '../helpers/captureLogs';
import { sesBounce, snsEnvelope, sqsEvent } from '../helpers/factories';
import { unsignedDeps } from '../helpers/handlerDeps';
import { type SqsStub, startSqsStub } from '../helpers/sqsStub';
import { createSuppressionTable, localDocumentClient, scanAll } from '../helpers/table';

describe('Function: redriveMessages', () => {
  captureLogsEachTest();
  let sqs: SqsStub;
  let client: SQSClient;

  beforeEach(async () => {
    sqs = await startSqsStub();
    client = new SQSClient({ endpoint: sqs.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  });
  afterEach(async () => {
    client.destroy();
    await sqs.close();
  });

  it('hands back envelopes the handler processes into the table, and a second redrive of the same doubles nothing', async () => {
    // Prepare
    const tableName = await createSuppressionTable();
    const handler = createHandler(unsignedDeps(new SuppressionStore({ tableName, client: localDocumentClient() })));
    const envelopes = ['a@example.com', 'b@example.com', 'c@example.com'].map((address) => JSON.stringify(snsEnvelope(sesBounce([address]))));
    const dlq = sqs.queueUrl('dlq');
    const main = sqs.queueUrl('main');
    // The same messages twice: as after a crash between sending and deleting.
    sqs.seed('dlq', [...envelopes, ...envelopes]);

    // Act
    const report = await redriveMessages(client, dlq, queueDestination(client, main), { waitSeconds: 0 });
    const response = (await handler(sqsEvent(...sqs.messages('main').map((m) => m.Body)))) as SQSBatchResponse;

    // Assess
    expect(report).toMatchObject({ received: 6, moved: 6, failed: 0, skipped: 0, notDeleted: 0 });
    expect(response.batchItemFailures).toEqual([]);
    const items = await scanAll(tableName);
    expect(items.map((item) => [item.email, item.status, item.eventCount])).toEqual([
      ['a@example.com', 'suppressed', 1],
      ['b@example.com', 'suppressed', 1],
      ['c@example.com', 'suppressed', 1],
    ]);
  });

  it('counts a message it handed on but could not delete, which stays in the source for a later run', async () => {
    // Prepare
    const dlq = sqs.queueUrl('dlq');
    sqs.seed('dlq', ['1', 'sticky', '3']);
    sqs.failDeleteWhen((body) => body === 'sticky');

    // Act
    const report = await redriveMessages(client, dlq, queueDestination(client, sqs.queueUrl('main')), { waitSeconds: 0 });

    // Assess
    expect(report).toMatchObject({ received: 3, moved: 3, failed: 0, notDeleted: 1 });
    expect(sqs.messages('main').map((m) => m.Body)).toEqual(['1', 'sticky', '3']);
    expect(sqs.messages('dlq').map((m) => m.Body)).toEqual(['sticky']);
  });

  it('holds every message of a dry run while it runs, then releases them all', async () => {
    // Prepare
    const dlq = sqs.queueUrl('dlq');
    sqs.seed('dlq', ['1', '2', '3']);
    const inFlightDuring: number[] = [];

    // Act
    const report = await redriveMessages(client, dlq, queueDestination(client, sqs.queueUrl('main')), {
      dryRun: true,
      max: 2,
      waitSeconds: 0,
      onBatch: () => inFlightDuring.push(sqs.messages('dlq').filter((m) => m.inFlight).length),
    });

    // Assess
    expect(report).toMatchObject({ dryRun: true, received: 2, moved: 2 });
    expect(inFlightDuring).toEqual([2]);
    expect(sqs.messages('dlq').map((m) => [m.Body, m.inFlight])).toEqual([
      ['1', false],
      ['2', false],
      ['3', false],
    ]);
  });
});
