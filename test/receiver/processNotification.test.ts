import { beforeEach, describe, expect, it } from 'vitest';
import { createHandler } from '../../lambda/bounceHandler/handler';
import { SuppressionStore } from '../../src/store/SuppressionStore';
import { captureLogsEachTest } from '../helpers/captureLogs';
import { sesBounce, sesComplaint, snsEnvelope, snsEvent } from '../helpers/factories';
import { unsignedDeps } from '../helpers/handlerDeps';
import { createSuppressionTable, localDocumentClient, scanAll } from '../helpers/table';

describe('Function: processNotification (log lines, through createHandler)', () => {
  const logs = captureLogsEachTest();
  let tableName: string;
  let handler: ReturnType<typeof createHandler>;

  beforeEach(async () => {
    tableName = await createSuppressionTable();
    handler = createHandler(unsignedDeps(new SuppressionStore({ tableName, client: localDocumentClient() })));
  });

  const lineWith = (message: string) => logs.entries().find((entry) => String(entry.message).includes(message));

  it('logs each recorded SES event with its SNS message id and SES feedback id, in counts, never an address', async () => {
    // Prepare
    const bounce = snsEnvelope(sesBounce(['first.person@example.com', 'second.person@example.com'], { feedbackId: 'fb-bounce-1' }));
    const complaint = snsEnvelope(sesComplaint(['third.person@example.com'], { feedbackId: 'fb-complaint-1', feedbackType: 'abuse' }));

    // Act
    await handler(snsEvent(bounce));
    await handler(snsEvent(complaint));
    await handler(snsEvent(bounce));

    // Assess
    const recorded = logs.entries().filter((entry) => entry.message === 'SES event recorded');
    expect(recorded).toEqual([
      expect.objectContaining({
        level: 'INFO',
        snsMessageId: bounce.MessageId,
        feedbackId: 'fb-bounce-1',
        eventType: 'bounce',
        recipients: 2,
        applied: 2,
        duplicates: 0,
      }),
      expect.objectContaining({
        snsMessageId: complaint.MessageId,
        feedbackId: 'fb-complaint-1',
        eventType: 'complaint',
        recipients: 1,
        applied: 1,
        duplicates: 0,
      }),
      expect.objectContaining({ snsMessageId: bounce.MessageId, feedbackId: 'fb-bounce-1', applied: 0, duplicates: 2 }),
    ]);
    for (const address of ['first.person@example.com', 'second.person@example.com', 'third.person@example.com']) expect(logs.text()).not.toContain(address);
  });

  it('logs the feedback id of a malformed SES event when it can still be read', async () => {
    // Prepare: a bounce whose recipients are not a list
    const envelope = snsEnvelope({
      ...sesBounce([]),
      bounce: { feedbackId: 'fb-malformed', bounceType: 'Permanent', bouncedRecipients: 'nobody@example.com' },
    });

    // Act
    await expect(handler(snsEvent(envelope))).rejects.toThrow('1 of 1 SNS records failed');

    // Assess
    expect(lineWith('malformed SES message')).toMatchObject({ level: 'ERROR', snsMessageId: envelope.MessageId, feedbackId: 'fb-malformed' });
    expect(logs.text()).not.toContain('nobody@example.com');
    expect(await scanAll(tableName)).toEqual([]);
  });

  it('logs no feedback id when the message is not even JSON', async () => {
    // Prepare
    const envelope = snsEnvelope('{"bounce": {"feedbackId": "fb-cut');

    // Act
    await expect(handler(snsEvent(envelope))).rejects.toThrow();

    // Assess
    const line = lineWith('malformed SES message');
    expect(line).toMatchObject({ snsMessageId: envelope.MessageId });
    expect(line).not.toHaveProperty('feedbackId');
  });

  it('logs the feedback id of an event rejected for naming another configuration set, and writes nothing', async () => {
    // Prepare
    const event = sesBounce(['someone@example.com'], { feedbackId: 'fb-other-set' });
    const mail = event.mail as Record<string, unknown>;
    const envelope = snsEnvelope({ ...event, mail: { ...mail, tags: { ...(mail.tags as object), 'ses:configuration-set': ['other-set'] } } });

    // Act
    await handler(snsEvent(envelope));

    // Assess
    expect(lineWith('SNS message rejected')).toMatchObject({
      level: 'WARN',
      snsMessageId: envelope.MessageId,
      feedbackId: 'fb-other-set',
      reason: "configuration set is not the stack's configuration set",
    });
    expect(await scanAll(tableName)).toEqual([]);
  });
});
