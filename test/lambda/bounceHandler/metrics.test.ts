import { beforeEach, describe, expect, it } from 'vitest';
import { createHandler } from '../../../lambda/bounceHandler/handler';
import { METRICS_NAMESPACE, REASON_DIMENSION } from '../../../src/metrics/metricNames';
import { SuppressionStore } from '../../../src/store/SuppressionStore';
import { captureLogsEachTest } from '../../helpers/captureLogs';
import { fixture, sesBounce, sesComplaint, snsEnvelope, snsEvent, sqsEvent } from '../../helpers/factories';
import { unsignedDeps } from '../../helpers/handlerDeps';
import { createSuppressionTable, localDocumentClient } from '../../helpers/table';

interface EmfBlob {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
  [key: string]: unknown;
}

describe('Function: publishMetrics (through the handler)', () => {
  const logs = captureLogsEachTest();
  let handler: ReturnType<typeof createHandler>;

  beforeEach(async () => {
    const tableName = await createSuppressionTable();
    handler = createHandler(unsignedDeps(new SuppressionStore({ tableName, client: localDocumentClient() })));
  });

  const emf = (): EmfBlob[] => logs.entries().filter((entry): entry is EmfBlob => '_aws' in entry);

  it('emits every counter in EMF, with units and the values of the batch, and suppressions by reason', async () => {
    // Prepare: 2 hard bounces, 1 complaint, 1 transient, 1 invalid recipient, 1 ignored event, 1 redelivery
    const bounce = snsEnvelope(sesBounce(['hard1@example.com', 'hard2@example.com', 'not an address']));
    const complaint = snsEnvelope(sesComplaint(['angry@example.com'], { feedbackType: 'abuse' }));
    const soft = snsEnvelope(sesBounce(['full@example.com'], { bounceType: 'Transient', bounceSubType: 'MailboxFull' }));
    const delivery = snsEnvelope(fixture('ses/eventpub-delivery.json'));

    // Act
    await handler(sqsEvent(bounce, complaint, soft, delivery, bounce));

    // Assess
    const blobs = emf();
    const main = blobs.find((blob) => 'DuplicateEvents' in blob)!;
    expect(main._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: METRICS_NAMESPACE, Dimensions: [['service', 'Deployment']] });
    const metrics = main._aws.CloudWatchMetrics[0]?.Metrics ?? [];
    expect(metrics.length).toBeGreaterThan(0);
    expect(metrics.filter((m) => m.Unit !== 'Count')).toEqual([]);
    expect(main).toMatchObject({
      service: 'ses-bounce-guard',
      Deployment: 'Test/Guard',
      Suppressions: 3,
      SoftRecords: 1,
      DuplicateEvents: 2,
      IgnoredEvents: 1,
      RejectedMessages: 0,
      InvalidRecipients: 2,
      FailedRecords: 0,
    });
    const byReason = blobs
      .filter((blob) => REASON_DIMENSION in blob)
      .map((blob) => ({ reason: blob[REASON_DIMENSION], dims: blob._aws.CloudWatchMetrics[0]?.Dimensions, s: blob.Suppressions, soft: blob.SoftRecords }));
    expect(byReason).toEqual(
      expect.arrayContaining([
        { reason: 'bounce', dims: [['service', 'Deployment', REASON_DIMENSION]], s: 2, soft: undefined },
        { reason: 'complaint', dims: [['service', 'Deployment', REASON_DIMENSION]], s: 1, soft: undefined },
        { reason: 'transient_bounce', dims: [['service', 'Deployment', REASON_DIMENSION]], s: undefined, soft: 1 },
      ]),
    );
  });

  it('counts a failed record, and no log line carries a full recipient address', async () => {
    // Act
    await expect(handler(snsEvent(snsEnvelope('not json')))).rejects.toThrow();
    await handler(snsEvent(snsEnvelope(sesBounce(['secret.person@example.com', 'Weird Name <weird@example.org>', 'broken address@example.com']))));

    // Assess
    expect(
      emf()
        .filter((blob) => 'FailedRecords' in blob)
        .map((blob) => blob.FailedRecords),
    ).toEqual([1, 0]);
    const text = logs.text();
    for (const address of ['secret.person@example.com', 'weird@example.org', 'broken address@example.com']) expect(text).not.toContain(address);
  });
});
