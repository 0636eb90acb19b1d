import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createChangeEventsHandler } from '../../../lambda/changeEvents/handler';
import { openTableStream, type TableStreamReader } from '../../../local/tableStream';
import { auditItem } from '../../../src/admin/auditItem';
import { removeSuppression } from '../../../src/admin/removeSuppression';
import { decide } from '../../../src/domain/decide';
import type { SuppressionPolicy } from '../../../src/domain/policy';
import { parseSesEvent } from '../../../src/domain/sesEvent';
import type { RecipientEvent } from '../../../src/domain/types';
import { SuppressionStore } from '../../../src/store/SuppressionStore';
import { type EventBridgeStub, startEventBridgeStub } from '../../helpers/eventBridgeStub';
import { sesBounce, sesComplaint } from '../../helpers/factories';
import { createStreamedSuppressionTable } from '../../helpers/streamTable';
import { localDocumentClient } from '../../helpers/table';

const BUS = 'bounce-guard-events';
const POLICY: SuppressionPolicy = { softBounceThreshold: 2, softBounceWindowDays: 7, dsnOverride: false };

function eventsOf(ses: Record<string, unknown>, policy: SuppressionPolicy = POLICY): RecipientEvent[] {
  const parsed = parseSesEvent(ses);
  if (parsed.kind === 'ignored') throw new Error('not a bounce or complaint');
  return decide(parsed, policy).events;
}

/** The batch Lambda would deliver: the stream's new records. */
function batchOf(records: DynamoDBRecord[]): DynamoDBStreamEvent {
  return { Records: records };
}

/** How a TTL deletion's stream record differs from a caller's: its userIdentity. */
function asTtlDeletion(record: DynamoDBRecord): DynamoDBRecord {
  return { ...record, userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' } };
}

describe('Function: createChangeEventsHandler (DynamoDB Local stream, EventBridge stub)', () => {
  let bus: EventBridgeStub;
  let client: EventBridgeClient;
  let tableName: string;
  let store: SuppressionStore;
  let stream: TableStreamReader;
  const documents = localDocumentClient();

  beforeAll(async () => {
    bus = await startEventBridgeStub();
    client = new EventBridgeClient({
      endpoint: bus.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
  });

  afterAll(async () => {
    client.destroy();
    await bus.close();
  });

  beforeEach(async () => {
    tableName = await createStreamedSuppressionTable();
    store = new SuppressionStore({ tableName, client: documents, policy: POLICY });
    stream = await openTableStream(inject('dynamoEndpoint'), tableName);
  });

  afterEach(() => {
    bus.refuseWhen(undefined);
    (bus.accepted as unknown[]).length = 0;
    (bus.requests as unknown[]).length = 0;
  });

  const handlerWith = (softRecordEvents = false) =>
    createChangeEventsHandler({ client, eventBusName: BUS, softRecordEvents, put: { sleep: async () => undefined } });

  it('publishes one Address Suppressed for a new hard bounce, with every field of the deciding event', async () => {
    // Prepare
    for (const event of eventsOf(sesBounce(['Jane <Jane@Example.com>'], { timestamp: '2026-03-01T10:00:00.000Z' }))) await store.apply(event);
    const records = await stream.next();

    // Act
    const response = await handlerWith()(batchOf(records));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(bus.accepted).toHaveLength(1);
    const [published] = bus.accepted;
    expect(published?.entry).toMatchObject({ EventBusName: BUS, Source: 'ses-bounce-guard', DetailType: 'Address Suppressed' });
    expect(published?.detail).toEqual({
      version: '1',
      eventId: records[0]?.eventID,
      address: 'jane@example.com',
      changedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      sequenceNumber: records[0]?.dynamodb?.SequenceNumber,
      previousStatus: 'none',
      reason: 'bounce',
      source: 'ses-event-publishing',
      bounceType: 'Permanent',
      bounceSubType: 'General',
      dsnStatus: '5.1.1',
      firstEventAt: '2026-03-01T10:00:00.000Z',
      lastEventAt: '2026-03-01T10:00:00.000Z',
      eventCount: 1,
    });
  });

  it('publishes one Address Suppressed when soft bounces escalate, and none for the soft records before', async () => {
    // Prepare: two transient bounces reach the threshold of 2
    const transient = { bounceType: 'Transient', bounceSubType: 'MailboxFull' };
    for (const event of eventsOf(sesBounce(['jo@example.com'], { ...transient, timestamp: '2026-03-01T10:00:00.000Z' }))) await store.apply(event);
    for (const event of eventsOf(sesBounce(['jo@example.com'], { ...transient, timestamp: '2026-03-02T10:00:00.000Z' }))) await store.apply(event);
    const records = await stream.next();

    // Act
    const response = await handlerWith()(batchOf(records));

    // Assess
    expect(records.map((r) => r.eventName)).toEqual(['INSERT', 'MODIFY']);
    expect(response.batchItemFailures).toEqual([]);
    expect(bus.accepted.map((a) => a.entry.DetailType)).toEqual(['Address Suppressed']);
    expect(bus.accepted[0]?.detail).toMatchObject({ address: 'jo@example.com', previousStatus: 'soft', reason: 'soft_bounce_threshold', eventCount: 2 });
  });

  it('publishes a complaint with its feedback type, and nothing more when the address bounces again or SES redelivers', async () => {
    // Prepare
    const complaint = sesComplaint(['kim@example.com'], { feedbackType: 'abuse' });
    for (const event of eventsOf(complaint)) await store.apply(event);
    for (const event of eventsOf(complaint)) expect(await store.apply(event)).toBe('duplicate');
    for (const event of eventsOf(sesBounce(['kim@example.com'], { timestamp: '2026-04-01T00:00:00.000Z' }))) await store.apply(event);
    const records = await stream.next();

    // Act
    const response = await handlerWith()(batchOf(records));

    // Assess: the redelivery wrote nothing, the second suppressing event moved counters only
    expect(records.map((r) => r.eventName)).toEqual(['INSERT', 'MODIFY']);
    expect(response.batchItemFailures).toEqual([]);
    expect(bus.accepted).toHaveLength(1);
    expect(bus.accepted[0]?.detail).toMatchObject({ address: 'kim@example.com', reason: 'complaint', complaintFeedbackType: 'abuse', previousStatus: 'none' });
  });

  it('publishes nothing for a redelivered SES event', async () => {
    // Prepare
    const bounce = sesBounce(['lee@example.com']);
    for (const event of eventsOf(bounce)) await store.apply(event);
    await handlerWith()(batchOf(await stream.next()));
    (bus.accepted as unknown[]).length = 0;

    // Act
    for (const event of eventsOf(bounce)) expect(await store.apply(event)).toBe('duplicate');
    const records = await stream.next();
    const response = await handlerWith()(batchOf(records));

    // Assess
    expect(records).toEqual([]);
    expect(response.batchItemFailures).toEqual([]);
    expect(bus.accepted).toEqual([]);
  });

  it('publishes Address Unsuppressed, cause removed, for an operator removal, and nothing for its audit item', async () => {
    // Prepare
    for (const event of eventsOf(sesBounce(['max@example.com']))) await store.apply(event);
    await stream.next();

    // Act
    const removal = await removeSuppression(documents, tableName, 'max@example.com', { actor: 'ops' });
    const records = await stream.next();
    const response = await handlerWith(true)(batchOf(records));

    // Assess: the transaction wrote two records, the item emptied to a release marker and the audit item
    expect(removal).toBeDefined();
    expect(records.map((r) => r.eventName).sort()).toEqual(['INSERT', 'MODIFY']);
    expect(response.batchItemFailures).toEqual([]);
    expect(bus.accepted).toHaveLength(1);
    expect(bus.accepted[0]?.entry.DetailType).toBe('Address Unsuppressed');
    expect(bus.accepted[0]?.detail).toMatchObject({
      address: 'max@example.com',
      cause: 'removed',
      expired: false,
      previous: { reason: 'bounce', source: 'ses-event-publishing', bounceType: 'Permanent' },
    });
  });

  it('publishes Address Unsuppressed with the expiry flag for a TTL deletion', async () => {
    // Prepare
    for (const event of eventsOf(sesBounce(['ttl@example.com']))) await store.apply(event);
    await stream.next();
    await documents.send(new DeleteCommand({ TableName: tableName, Key: { email: 'ttl@example.com' } }));
    const [deletion] = await stream.next();
    if (deletion === undefined) throw new Error('the deletion wrote no stream record');

    // Act
    const response = await handlerWith()(batchOf([asTtlDeletion(deletion)]));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(bus.accepted.map((a) => a.detail)).toEqual([expect.objectContaining({ address: 'ttl@example.com', cause: 'expired', expired: true })]);
  });

  it('publishes nothing for an audit item, even with soft record events on', async () => {
    // Prepare
    await documents.send(
      new PutCommand({ TableName: tableName, Item: auditItem({ action: 'add', address: 'x@example.com', actor: 'ops' }, new Date().toISOString()) }),
    );
    const records = await stream.next();

    // Act
    const response = await handlerWith(true)(batchOf(records));

    // Assess
    expect(records).toHaveLength(1);
    expect(response.batchItemFailures).toEqual([]);
    expect(bus.requests).toEqual([]);
  });

  it('publishes Soft Record Changed only when turned on', async () => {
    // Prepare
    for (const event of eventsOf(sesBounce(['soft@example.com'], { bounceType: 'Transient', bounceSubType: 'General' }))) await store.apply(event);
    const records = await stream.next();

    // Act
    const off = await handlerWith(false)(batchOf(records));
    const publishedWhenOff = bus.accepted.length;
    const on = await handlerWith(true)(batchOf(records));

    // Assess
    expect([off.batchItemFailures, on.batchItemFailures]).toEqual([[], []]);
    expect(publishedWhenOff).toBe(0);
    expect(bus.accepted.map((a) => [a.entry.DetailType, a.detail.change])).toEqual([['Soft Record Changed', 'created']]);
    expect(bus.accepted[0]?.detail).toMatchObject({ record: { reason: 'transient_bounce', bounceType: 'Transient' } });
  });

  it('retries only the entries PutEvents refused: nothing lost, nothing doubled', async () => {
    // Prepare: 12 addresses (two requests of up to 10); EventBridge refuses two entries the first time
    const addresses = Array.from({ length: 12 }, (_, i) => `user${i}@example.com`);
    for (const event of eventsOf(sesBounce(addresses))) await store.apply(event);
    const records = await stream.next();
    const refused = new Set(['user3@example.com', 'user11@example.com']);
    bus.refuseWhen((entry, previous) => (previous === 0 && refused.has(String(JSON.parse(String(entry.Detail)).address)) ? 'ThrottlingException' : undefined));

    // Act
    const response = await handlerWith()(batchOf(records));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const published = bus.accepted.map((a) => String(a.detail.address)).sort();
    expect(published).toEqual([...addresses].sort());
    expect(new Set(bus.accepted.map((a) => a.detail.eventId)).size).toBe(12);
    const retries = bus.requests.filter((entries) => entries.length < 10 && entries.every((e) => refused.has(String(JSON.parse(String(e.Detail)).address))));
    expect(bus.requests.map((entries) => entries.length)).toEqual([10, 1, 2, 1]);
    expect(retries).toHaveLength(2);
  });

  it('fails from the first record whose event stays refused, and puts nothing after it', async () => {
    // Prepare
    for (const event of eventsOf(sesBounce(['a@example.com']))) await store.apply(event);
    for (const event of eventsOf(sesBounce(['b@example.com']))) await store.apply(event);
    await removeSuppression(documents, tableName, 'a@example.com', { actor: 'ops' });
    const records = await stream.next();
    bus.refuseWhen((entry) => (JSON.parse(String(entry.Detail)).address === 'b@example.com' ? 'InternalFailure' : undefined));

    // Act
    const response = await handlerWith()(batchOf(records));

    // Assess: a's suppression was accepted; b's was tried 3 times; a's removal, after b in the stream
    // and in a request of its own (a second event of a), was not put
    const bRecord = records.find((r) => r.dynamodb?.Keys?.email?.S === 'b@example.com');
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: bRecord?.dynamodb?.SequenceNumber }]);
    expect(bus.accepted.map((a) => [a.entry.DetailType, a.detail.address])).toEqual([['Address Suppressed', 'a@example.com']]);
    expect(bus.requests.flat().filter((e) => JSON.parse(String(e.Detail)).address === 'b@example.com')).toHaveLength(3);
    expect(bus.requests.flat().some((e) => e.DetailType === 'Address Unsuppressed')).toBe(false);
  });

  it('fails the batch from a record it cannot read, after publishing the ones before it', async () => {
    // Prepare
    for (const event of eventsOf(sesBounce(['ok@example.com']))) await store.apply(event);
    const [good] = await stream.next();
    if (good === undefined) throw new Error('no stream record');
    const broken: DynamoDBRecord = { ...good, eventID: 'broken', dynamodb: { ...good.dynamodb, SequenceNumber: '999', NewImage: undefined } };

    // Act
    const response = await handlerWith()(batchOf([good, broken]));

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: '999' }]);
    expect(bus.accepted.map((a) => a.detail.eventId)).toEqual([good.eventID]);
  });
});
