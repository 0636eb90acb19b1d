import { beforeEach, describe, expect, it } from 'vitest';
import { createHandler } from '../../lambda/bounceHandler/handler';
import { boundEventTime, EARLIEST_EVENT_AT } from '../../src/domain/eventTime';
import { SuppressionStore } from '../../src/store/SuppressionStore';
import { captureLogsEachTest } from '../helpers/captureLogs';
import { sesBounce, snsEnvelope, snsEvent } from '../helpers/factories';
import { unsignedDeps } from '../helpers/handlerDeps';
import { createSuppressionTable, localDocumentClient, scanAll } from '../helpers/table';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const DAY_S = 86_400;

/** A permanent bounce of `address` at `timestamp`, of a mail sent at `mailAt`. */
function bounceAt(address: string, timestamp: string, mailAt = '2026-06-01T11:00:00.000Z'): Record<string, unknown> {
  const event = sesBounce([address], { timestamp });
  return { ...event, mail: { ...(event.mail as object), timestamp: mailAt } };
}

describe('Event times, bounded to a window', () => {
  const logs = captureLogsEachTest();
  let tableName: string;
  let handler: ReturnType<typeof createHandler>;

  beforeEach(async () => {
    tableName = await createSuppressionTable();
    const policy = { softBounceThreshold: 3, softBounceWindowDays: 7, dsnOverride: false, suppressionTtlDays: 30 };
    const store = new SuppressionStore({ tableName, client: localDocumentClient(), policy });
    handler = createHandler({ ...unsignedDeps(store), policy, now: () => NOW });
  });

  async function itemOf(email: string): Promise<Record<string, unknown> | undefined> {
    return (await scanAll(tableName)).find((item) => item.email === email);
  }

  it.each([
    ['2099', 'future@example.com', '2099-01-01T00:00:00.000Z', NOW.toISOString(), 'future'],
    ['year 10000', 'y10k@example.com', '+010000-01-01T00:00:00.000Z', NOW.toISOString(), 'future'],
    ['before the mail was sent (1999)', 'old@example.com', '1999-01-01T00:00:00.000Z', '2026-06-01T11:00:00.000Z', 'before-mail'],
  ])('clamps a %s event time, with a warning and a metric, and the TTL follows the clamped time', async (_label, email, reported, stored, why) => {
    // Act
    const result = await handler(snsEvent(snsEnvelope(bounceAt(email, reported))));

    // Assess
    expect(result).toBeUndefined();
    const item = await itemOf(email);
    expect(item).toMatchObject({ firstEventAt: stored, lastEventAt: stored, status: 'suppressed' });
    expect(item?.expiresAt).toBe(Math.floor(Date.parse(stored) / 1000) + 30 * DAY_S);
    expect(String(item?.decisionKey)).toContain(`#${stored}#`);
    expect(logs.entries()).toContainEqual(
      expect.objectContaining({ level: 'WARN', message: 'SES event time outside the accepted window: clamped', why, reported }),
    );
    expect(logs.text()).toMatch(/"ClampedEventTimes":1/);
  });

  it('keeps a time within the window as SES reported it, in canonical form, and counts no clamp', async () => {
    // Act
    await handler(snsEvent(snsEnvelope(bounceAt('ok@example.com', '2026-06-01T14:10:00+02:00'))));

    // Assess
    expect(await itemOf('ok@example.com')).toMatchObject({ lastEventAt: '2026-06-01T12:10:00.000Z' });
    expect(logs.text()).toMatch(/"ClampedEventTimes":0/);
    expect(logs.text()).not.toContain('outside the accepted window');
  });

  it('stores only four-digit years, which sort as strings, whatever SES reports', () => {
    const times = ['+010000-01-01T00:00:00.000Z', '-000001-01-01T00:00:00.000Z', '0001-01-01T00:00:00.000Z', '2026-06-01T12:14:59.000Z'];
    for (const time of times) {
      const { eventAt } = boundEventTime(time, undefined, NOW);
      expect(eventAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(eventAt >= EARLIEST_EVENT_AT && eventAt <= '2026-06-01T12:15:00.000Z').toBe(true);
    }
  });
});
