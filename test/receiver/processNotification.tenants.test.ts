import { beforeEach, describe, expect, it } from 'vitest';
import { createHandler } from '../../lambda/bounceHandler/handler';
import { SuppressionChecker } from '../../src/sender/SuppressionChecker';
import { SuppressionStore } from '../../src/store/SuppressionStore';
import { captureLogsEachTest } from '../helpers/captureLogs';
import { sesComplaint, snsEnvelope, snsEvent } from '../helpers/factories';
import { unsignedDeps } from '../helpers/handlerDeps';
import { createSuppressionTable, localDocumentClient, scanAll } from '../helpers/table';

/** A complaint from a send of `tenant` through `configurationSet`, as SES tags its event. */
function tenantComplaint(address: string, tenant: string, configurationSet: string) {
  const event = sesComplaint([address], { feedbackType: 'abuse', tenant });
  const mail = event.mail as Record<string, unknown>;
  return snsEnvelope({ ...event, mail: { ...mail, tags: { ...(mail.tags as object), 'ses:configuration-set': [configurationSet] } } });
}

describe('Function: processNotification, for tenants and several configuration sets', () => {
  const logs = captureLogsEachTest();
  let tableName: string;
  let handler: ReturnType<typeof createHandler>;

  beforeEach(async () => {
    tableName = await createSuppressionTable();
    const store = new SuppressionStore({ tableName, client: localDocumentClient() });
    handler = createHandler({ ...unsignedDeps(store), configurationSetName: ['ConfigSet', 'tenant-a-mail'] });
  });

  it("accepts a tenant's own configuration set on the stack's topic and suppresses the address for that tenant only", async () => {
    // Act
    await handler(snsEvent(tenantComplaint('reader@example.com', 'tenant-a', 'tenant-a-mail')));

    // Assess
    const checker = new SuppressionChecker({ tableName, client: localDocumentClient(), consistentRead: true });
    expect((await checker.check('reader@example.com', { tenant: 'tenant-a' })).outcome).toBe('suppressed');
    expect((await checker.check('reader@example.com', { tenant: 'tenant-b' })).outcome).toBe('clear');
    expect((await checker.check('reader@example.com')).outcome).toBe('clear');
  });

  it('still rejects a configuration set that is not listed, writing nothing', async () => {
    // Act
    await handler(snsEvent(tenantComplaint('reader@example.com', 'tenant-c', 'tenant-c-mail')));

    // Assess
    expect(logs.entries().find((entry) => String(entry.message).startsWith('SNS message rejected'))).toMatchObject({
      reason: "configuration set is not the stack's configuration set",
    });
    expect(await scanAll(tableName)).toEqual([]);
  });
});
