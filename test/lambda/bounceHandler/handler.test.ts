import type { SQSBatchResponse } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createHandler } from '../../../lambda/bounceHandler/handler';
import { type DynamoProxy, Fault, fault, startDynamoProxy } from '../../../local/dynamoProxy';
import { SuppressionStore } from '../../../src/store/SuppressionStore';
import { captureLogsEachTest } from '../../helpers/captureLogs';
import { fixture, SES_FIXTURES, sesBounce, snsEnvelope, snsEvent, sqsEvent } from '../../helpers/factories';
import { unsignedDeps } from '../../helpers/handlerDeps';
import { createSuppressionTable, localDocumentClient, scanAll } from '../../helpers/table';

describe('Function: handler', () => {
  const logs = captureLogsEachTest();
  let proxy: DynamoProxy;
  let tableName: string;
  let handler: ReturnType<typeof createHandler>;

  beforeAll(async () => {
    proxy = await startDynamoProxy(inject('dynamoEndpoint'));
  });
  afterAll(() => proxy.close());

  beforeEach(async () => {
    proxy.reset();
    tableName = await createSuppressionTable();
    // One attempt per request: the record-level retry is what is under test, not the SDK's.
    handler = createHandler(unsignedDeps(new SuppressionStore({ tableName, client: localDocumentClient(proxy.endpoint, 1) })));
  });

  describe('both entry shapes', () => {
    it.each(SES_FIXTURES)('write identical items for the AWS fixture %s', async (name) => {
      // Prepare
      const envelope = snsEnvelope(fixture(`ses/${name}`));
      const sqsTable = await createSuppressionTable();
      const sqsHandler = createHandler(unsignedDeps(new SuppressionStore({ tableName: sqsTable, client: localDocumentClient() })));

      // Act
      await handler(snsEvent(envelope));
      const response = (await sqsHandler(sqsEvent(envelope))) as SQSBatchResponse;

      // Assess
      const items = await scanAll(tableName);
      expect(response.batchItemFailures).toEqual([]);
      expect(await scanAll(sqsTable)).toEqual(items);
      const expected: Record<string, string[]> = {
        'eventpub-bounce.json': ['recipient@example.com'],
        'eventpub-complaint.json': ['recipient@example.com'],
        'identity-notification-bounce-no-dsn.json': ['jane@example.com', 'richard@example.com'],
        'identity-notification-bounce-with-dsn.json': ['jane@example.com'],
        'identity-notification-complaint-no-feedback.json': ['richard@example.com'],
        'identity-notification-complaint-with-feedback.json': ['richard@example.com'],
      };
      expect(items.map((item) => item.email)).toEqual(expected[name] ?? []);
      for (const item of items) expect(item).toMatchObject({ status: 'suppressed', eventCount: 1 });
    });

    it('count a redelivery as a duplicate, through either entry, and change nothing', async () => {
      // Prepare
      const envelope = snsEnvelope(sesBounce(['a@example.com', 'b@example.com']));
      await handler(snsEvent(envelope));
      const before = await scanAll(tableName);

      // Act
      await handler(snsEvent(envelope));
      await handler(sqsEvent(envelope));

      // Assess
      expect(await scanAll(tableName)).toEqual(before);
      const summaries = logs.entries().filter((entry) => entry.message === 'batch processed');
      expect(summaries.map((s) => [s.applied, s.duplicates])).toEqual([
        [2, 0],
        [0, 2],
        [0, 2],
      ]);
    });

    it('ignore and count Delivery and DeliveryDelay events without writing', async () => {
      // Act
      await handler(snsEvent(snsEnvelope(fixture('ses/eventpub-delivery.json'))));
      const response = await handler(sqsEvent(snsEnvelope(fixture('ses/eventpub-deliverydelay.json'))));

      // Assess
      expect(response).toEqual({ batchItemFailures: [] });
      expect(await scanAll(tableName)).toEqual([]);
      expect(
        logs
          .entries()
          .filter((e) => e.message === 'batch processed')
          .map((e) => e.ignored),
      ).toEqual([1, 1]);
    });
  });

  describe('malformed messages', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['a Message that is not JSON', snsEnvelope('{"eventType": "Bounce", '), 'Message is not JSON'],
      [
        'an SES payload without feedbackId',
        snsEnvelope({ ...sesBounce(['a@example.com']), bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'a@example.com' }] } }),
        'bounce.feedbackId is missing',
      ],
      [
        'an SES payload without recipients',
        snsEnvelope({ eventType: 'Complaint', complaint: { feedbackId: 'f', timestamp: '2026-01-01T00:00:00Z' }, mail: { messageId: 'm' } }),
        'complaint.complainedRecipients is not an array',
      ],
      ['JSON that is not an object', snsEnvelope('[1,2,3]'), 'SES event is not an object'],
    ];

    it.each(cases)('%s fails the SNS record with a log line naming the message id, and writes nothing', async (_, envelope, problem) => {
      // Act
      const run = handler(snsEvent(envelope));

      // Assess
      await expect(run).rejects.toThrow('1 of 1 SNS records failed');
      expect(await scanAll(tableName)).toEqual([]);
      const line = logs.entries().find((entry) => entry.level === 'ERROR');
      expect(line).toMatchObject({ snsMessageId: envelope.MessageId, problem: expect.stringContaining(problem) });
    });

    it.each(cases)('%s fails only its own SQS record; the valid one beside it is written', async (_, envelope) => {
      // Prepare
      const valid = snsEnvelope(sesBounce(['ok@example.com']));

      // Act
      const response = (await handler(sqsEvent(valid, envelope))) as SQSBatchResponse;

      // Assess
      expect(response.batchItemFailures).toEqual([{ itemIdentifier: `sqs-1-${String(envelope.MessageId)}` }]);
      expect((await scanAll(tableName)).map((item) => item.email)).toEqual(['ok@example.com']);
    });

    it('an SQS body that is not an SNS envelope fails its record', async () => {
      const response = (await handler(sqsEvent('not json', { Type: 'Notification' }))) as SQSBatchResponse;
      expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['sqs-0-raw', 'sqs-1-undefined']);
      expect(await scanAll(tableName)).toEqual([]);
    });

    it('skips a recipient with no valid address, logs it masked, and writes the others', async () => {
      // Act
      await handler(snsEvent(snsEnvelope(sesBounce(['good@example.com', 'broken address@example.com', 'also.good@example.com']))));

      // Assess
      expect((await scanAll(tableName)).map((item) => item.email)).toEqual(['also.good@example.com', 'good@example.com']);
      const warning = logs.entries().find((entry) => entry.level === 'WARN' && String(entry.message).includes('no valid address'));
      expect(warning).toMatchObject({ message: expect.stringContaining('no valid address'), recipient: '<invalid address, 26 chars>' });
      expect(logs.text()).not.toContain('broken address@example.com');
    });
  });

  describe('DynamoDB failures', () => {
    it.each([Fault.UNAVAILABLE, Fault.THROTTLED])('%s: the SNS invocation throws, and the retry after recovery writes once', async (kind) => {
      // Prepare
      const event = snsEvent(snsEnvelope(sesBounce(['a@example.com'])));
      proxy.intercept('UpdateItem', () => fault(kind));

      // Act
      const failed = handler(event);
      await expect(failed).rejects.toThrow('SNS records failed');
      proxy.reset();
      await handler(event);
      await handler(event);

      // Assess
      expect(await scanAll(tableName)).toEqual([expect.objectContaining({ email: 'a@example.com', eventCount: 1 })]);
    });

    it.each([Fault.UNAVAILABLE, Fault.THROTTLED])('%s: only the failing SQS record is reported, and the retry writes once', async (kind) => {
      // Prepare
      const down = snsEnvelope(sesBounce(['down@example.com']));
      const fine = snsEnvelope(sesBounce(['fine@example.com']));
      proxy.intercept('UpdateItem', (request) => (JSON.stringify(request.body).includes('down@example.com') ? fault(kind) : undefined));

      // Act
      const first = (await handler(sqsEvent(fine, down))) as SQSBatchResponse;
      proxy.reset();
      const retry = (await handler(sqsEvent(down))) as SQSBatchResponse;

      // Assess
      expect(first.batchItemFailures).toEqual([{ itemIdentifier: `sqs-1-${String(down.MessageId)}` }]);
      expect(retry.batchItemFailures).toEqual([]);
      expect((await scanAll(tableName)).map((item) => [item.email, item.eventCount])).toEqual([
        ['down@example.com', 1],
        ['fine@example.com', 1],
      ]);
    });

    it('a 50-recipient notification failing midway is completed by the retry, double-counting none', async () => {
      // Prepare
      const recipients = Array.from({ length: 50 }, (_, i) => `user${String(i).padStart(2, '0')}@example.com`);
      const event = snsEvent(snsEnvelope(sesBounce(recipients)));
      proxy.intercept('UpdateItem', () => undefined, 20);
      proxy.fail('UpdateItem');

      // Act
      await expect(handler(event)).rejects.toThrow();
      const afterFailure = await scanAll(tableName);
      proxy.reset();
      await handler(event);

      // Assess
      expect(afterFailure).toHaveLength(20);
      const items = await scanAll(tableName);
      expect(items.map((item) => item.email)).toEqual(recipients);
      for (const item of items) expect(item.eventCount).toBe(1);
      const summary = logs
        .entries()
        .filter((e) => e.message === 'batch processed')
        .at(-1);
      expect(summary).toMatchObject({ applied: 30, duplicates: 20, failed: 0 });
    });
  });
});
