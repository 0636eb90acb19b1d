import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createHandler } from '../../../lambda/bounceHandler/handler';
import { type DynamoProxy, Fault, fault, startDynamoProxy } from '../../../local/dynamoProxy';
import { decide } from '../../../src/domain/decide';
import { mergeEvent } from '../../../src/domain/mergeEvent';
import { parseSesEvent } from '../../../src/domain/sesEvent';
import type { SuppressionRecord } from '../../../src/domain/types';
import { SuppressionStore } from '../../../src/store/SuppressionStore';
import { captureLogsEachTest } from '../../helpers/captureLogs';
import { sesBounce, sesComplaint, snsEnvelope, sqsEvent } from '../../helpers/factories';
import { unsignedDeps } from '../../helpers/handlerDeps';
import { createSuppressionTable, localDocumentClient, scanAll } from '../../helpers/table';

/** A small seeded generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('Fault injection: SQS entry, DynamoDB unavailable midway', () => {
  captureLogsEachTest();
  let proxy: DynamoProxy;
  beforeAll(async () => {
    proxy = await startDynamoProxy(inject('dynamoEndpoint'));
  });
  afterAll(() => proxy.close());

  it('loses nothing and doubles nothing over 200 notifications with 10% redelivered', { timeout: 180_000 }, async () => {
    // Prepare: 200 notifications of 1-50 recipients from a pool of 400 addresses, so that many
    // addresses get several events of different kinds; 10% of the messages are sent twice.
    const next = random(20261127);
    const pool = Array.from({ length: 400 }, (_, i) => `user${i}@example.com`);
    const notifications = Array.from({ length: 200 }, (_, n) => {
      const recipients = Array.from({ length: 1 + Math.floor(next() * 50) }, () => pool[Math.floor(next() * pool.length)]!);
      const timestamp = new Date(Date.UTC(2026, 0, 1) + Math.floor(next() * 30 * 86_400_000)).toISOString();
      const kind = next();
      const ses =
        kind < 0.5
          ? sesBounce(recipients, { timestamp, feedbackId: `fid-${n}` })
          : kind < 0.8
            ? sesBounce(recipients, { bounceType: 'Transient', bounceSubType: 'MailboxFull', timestamp, feedbackId: `fid-${n}` })
            : sesComplaint(recipients, { feedbackType: 'abuse', timestamp, feedbackId: `fid-${n}` });
      return { ses, envelope: snsEnvelope(ses) };
    });
    const messages = notifications.flatMap(({ envelope }) => (next() < 0.1 ? [envelope, envelope] : [envelope]));

    // What the table must hold: mergeEvent over each address's distinct events, in any order.
    const expected = new Map<string, SuppressionRecord>();
    for (const { ses } of notifications) {
      const parsed = parseSesEvent(ses);
      if (parsed.kind === 'ignored') continue;
      for (const event of decide(parsed).events) {
        const merged = mergeEvent(expected.get(event.email), event);
        if (merged !== undefined) expected.set(event.email, merged);
      }
    }

    const tableName = await createSuppressionTable();
    const handler = createHandler(unsignedDeps(new SuppressionStore({ tableName, client: localDocumentClient(proxy.endpoint, 1) })));

    // DynamoDB goes away after 1,500 writes and comes back 1,000 requests later.
    let seen = 0;
    proxy.intercept('UpdateItem', () => {
      seen++;
      return seen > 1500 && seen <= 2500 ? fault(Fault.UNAVAILABLE) : undefined;
    });

    // Act: deliver as SQS does, in batches of 10, receiving failed records again until none is left.
    const queue: SQSRecord[] = sqsEvent(...messages).Records.map((record, i) => ({ ...record, messageId: `m-${i}` }));
    let receives = 0;
    let failedDeliveries = 0;
    while (queue.length > 0 && receives < 10_000) {
      const batch = queue.splice(0, 10);
      receives++;
      const response = (await handler({ Records: batch })) as SQSBatchResponse;
      const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
      failedDeliveries += failed.size;
      queue.push(...batch.filter((record) => failed.has(record.messageId)));
    }

    // Assess
    expect(queue).toEqual([]);
    expect(failedDeliveries).toBeGreaterThan(0);
    const items = await scanAll(tableName);
    expect(items.map((item) => item.email).sort()).toEqual([...expected.keys()].sort());
    for (const item of items) {
      const want = expected.get(item.email as string)!;
      expect({ email: item.email, ...pick(item) }).toEqual({ email: want.email, ...pick(want as unknown as Record<string, unknown>) });
    }
  });
});

function pick(record: Record<string, unknown>) {
  const { status, reason, eventCount, firstEventAt, lastEventAt, lastMessageId, feedbackIds, previousFeedbackIds } = record;
  return { status, reason, eventCount, firstEventAt, lastEventAt, lastMessageId, feedbackIds, previousFeedbackIds };
}
