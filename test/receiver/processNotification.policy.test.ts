import { beforeEach, describe, expect, it } from 'vitest';
import { createHandler } from '../../lambda/bounceHandler/handler';
import { DEFAULT_POLICY, type SuppressionPolicy } from '../../src/domain/policy';
import { SuppressionStore } from '../../src/store/SuppressionStore';
import { captureLogsEachTest } from '../helpers/captureLogs';
import { sesBounce, snsEnvelope, sqsEvent } from '../helpers/factories';
import { unsignedDeps } from '../helpers/handlerDeps';
import { createSuppressionTable, localDocumentClient, scanAll } from '../helpers/table';

/** A handler whose decision and store share `policy`, as lambda/bounceHandler/index.ts wires them. */
function handlerWith(tableName: string, policy: SuppressionPolicy) {
  const store = new SuppressionStore({ tableName, client: localDocumentClient(), policy });
  return createHandler({ ...unsignedDeps(store), policy });
}

describe('Function: processNotification (suppression policy)', () => {
  captureLogsEachTest();
  let tableName: string;

  beforeEach(async () => {
    tableName = await createSuppressionTable();
  });

  it('records a transient 5.1.1 bounce as soft under the default policy', async () => {
    // Prepare
    const handler = handlerWith(tableName, DEFAULT_POLICY);

    // Act
    await handler(sqsEvent(snsEnvelope(sesBounce(['dead@example.com'], { bounceType: 'Transient' }))));

    // Assess
    expect(await scanAll(tableName)).toEqual([expect.objectContaining({ email: 'dead@example.com', status: 'soft', reason: 'transient_bounce' })]);
  });

  it('suppresses a transient 5.1.1 bounce when the DSN override is on', async () => {
    // Prepare
    const handler = handlerWith(tableName, { ...DEFAULT_POLICY, dsnOverride: true });

    // Act
    await handler(sqsEvent(snsEnvelope(sesBounce(['dead@example.com'], { bounceType: 'Transient' }))));

    // Assess
    expect(await scanAll(tableName)).toEqual([expect.objectContaining({ email: 'dead@example.com', status: 'suppressed', reason: 'bounce' })]);
  });

  it('escalates at the configured threshold and stamps the configured expiry', async () => {
    // Prepare
    const handler = handlerWith(tableName, { ...DEFAULT_POLICY, softBounceThreshold: 2, suppressionTtlDays: 10 });
    const transient = (timestamp: string) => snsEnvelope(sesBounce(['flaky@example.com'], { bounceType: 'Transient', timestamp }));

    // Act
    await handler(sqsEvent(transient('2026-03-01T00:00:00.000Z')));
    const afterOne = await scanAll(tableName);
    await handler(sqsEvent(transient('2026-03-02T00:00:00.000Z')));

    // Assess
    expect(afterOne).toEqual([expect.objectContaining({ status: 'soft', reason: 'transient_bounce' })]);
    expect(afterOne[0]).not.toHaveProperty('expiresAt');
    expect(await scanAll(tableName)).toEqual([
      expect.objectContaining({
        status: 'suppressed',
        reason: 'soft_bounce_threshold',
        expiresAt: Date.parse('2026-03-12T00:00:00.000Z') / 1000,
      }),
    ]);
  });
});
