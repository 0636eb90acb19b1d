import { describe, expect, it } from 'vitest';
import { MalformedMessageError } from '../../src/domain/errors';
import { parseSesEvent } from '../../src/domain/sesEvent';
import { fixture, SES_FIXTURES, sesBounce } from '../helpers/factories';

describe('Function: parseSesEvent', () => {
  it.each(SES_FIXTURES)('reads the AWS fixture %s', (name) => {
    // Act
    const event = parseSesEvent(fixture(`ses/${name}`));

    // Assess
    const kind = name.includes('bounce') ? 'bounce' : name.includes('complaint') ? 'complaint' : 'ignored';
    expect(event.kind).toBe(kind);
    if (event.kind !== 'ignored') {
      expect(event.source).toBe(name.startsWith('eventpub') ? 'ses-event-publishing' : 'ses-identity-notification');
      expect(event.feedbackId).toMatch(/^0/);
      expect(event.recipients.length).toBeGreaterThan(0);
      expect(event.eventAt).toMatch(/^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
  });

  it('reads the configuration set of an event-publishing event, and none from an identity notification', () => {
    const published = parseSesEvent(fixture('ses/eventpub-bounce.json'));
    const notified = parseSesEvent(fixture('ses/identity-notification-bounce-with-dsn.json'));
    expect(published.kind !== 'ignored' && published.configurationSet).toBe('ConfigSet');
    expect(notified.kind !== 'ignored' && notified.configurationSet).toBeUndefined();
  });

  it('names the ignored types it does not act on', () => {
    expect(parseSesEvent(fixture('ses/eventpub-delivery.json'))).toEqual({ kind: 'ignored', type: 'Delivery' });
    expect(parseSesEvent(fixture('ses/eventpub-deliverydelay.json'))).toEqual({ kind: 'ignored', type: 'DeliveryDelay' });
    expect(parseSesEvent({ eventType: 'Rendering Failure' })).toEqual({ kind: 'ignored', type: 'Rendering Failure' });
    expect(parseSesEvent({ notificationType: 'AmazonSnsSubscriptionSucceeded' })).toEqual({
      kind: 'ignored',
      type: 'AmazonSnsSubscriptionSucceeded',
    });
  });

  it('tolerates unknown extra fields anywhere', () => {
    const event = sesBounce(['a@example.com']);
    const extended = { ...event, brandNewField: { x: 1 }, bounce: { ...(event.bounce as object), futureField: [1, 2] } };
    expect(parseSesEvent(extended)).toMatchObject({ kind: 'bounce', bounceType: 'Permanent' });
  });

  it('takes the mail timestamp when the feedback has none', () => {
    const event = sesBounce(['a@example.com']);
    const { timestamp: _drop, ...bounce } = event.bounce as Record<string, unknown>;
    expect(parseSesEvent({ ...event, bounce })).toMatchObject({ eventAt: '2017-08-05T00:40:02.012Z' });
  });

  const bounce = sesBounce(['a@example.com']);
  const without = (field: string): Record<string, unknown> => {
    const { [field]: _drop, ...rest } = bounce.bounce as Record<string, unknown>;
    return { ...bounce, bounce: rest };
  };
  it.each([
    ['a string', 'hello', 'SES event is not an object'],
    ['an array', [bounce], 'SES event is not an object'],
    ['null', null, 'SES event is not an object'],
    ['no type', { bounce: bounce.bounce, mail: bounce.mail }, 'neither eventType nor notificationType'],
    ['a numeric type', { ...bounce, eventType: 7 }, 'neither eventType nor notificationType'],
    ['no bounce object', { ...bounce, bounce: undefined }, 'bounce is not an object'],
    ['bounce as an array', { ...bounce, bounce: [bounce.bounce] }, 'bounce is not an object'],
    ['no mail', { ...bounce, mail: null }, 'mail is not an object'],
    ['no bounceType', without('bounceType'), 'bounce.bounceType is missing'],
    ['no feedbackId', without('feedbackId'), 'bounce.feedbackId is missing'],
    ['no recipients', without('bouncedRecipients'), 'bounce.bouncedRecipients is not an array'],
    ['empty recipients', { ...bounce, bounce: { ...(bounce.bounce as object), bouncedRecipients: [] } }, 'bounce.bouncedRecipients is empty'],
    ['a bad timestamp', { ...bounce, bounce: { ...(bounce.bounce as object), timestamp: 'yesterday' } }, 'bounce.timestamp is not a timestamp'],
    ['no message id', { ...bounce, mail: { ...(bounce.mail as object), messageId: undefined } }, 'mail.messageId is missing'],
    [
      'a complaint without recipients',
      { eventType: 'Complaint', complaint: { feedbackId: 'f', timestamp: '2020-01-01T00:00:00Z' }, mail: bounce.mail },
      'complaint.complainedRecipients is not an array',
    ],
  ])('rejects %s with a message naming the problem', (_, value, problem) => {
    expect(() => parseSesEvent(value)).toThrow(MalformedMessageError);
    expect(() => parseSesEvent(value)).toThrow(problem);
  });
});
