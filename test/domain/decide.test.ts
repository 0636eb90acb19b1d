import { describe, expect, it } from 'vitest';
import { HANDLER_REASONS } from '../../src/domain/constants';
import { decide } from '../../src/domain/decide';
import { DEFAULT_POLICY } from '../../src/domain/policy';
import { parseSesEvent } from '../../src/domain/sesEvent';
import { fixture, sesBounce, sesComplaint } from '../helpers/factories';

function decideOn(value: unknown) {
  const event = parseSesEvent(value);
  if (event.kind === 'ignored') throw new Error('ignored');
  return decide(event);
}

describe('Function: decide', () => {
  it.each([
    ['Permanent', 'General', 'suppressed', 'bounce'],
    ['Permanent', 'NoEmail', 'suppressed', 'bounce'],
    ['Permanent', 'OnAccountSuppressionList', 'suppressed', 'bounce'],
    ['Permanent', 'Suppressed', 'suppressed', 'bounce'],
    ['Undetermined', 'Undetermined', 'suppressed', 'bounce'],
    ['Transient', 'MailboxFull', 'soft', 'transient_bounce'],
    ['Transient', 'General', 'soft', 'transient_bounce'],
    ['SomethingNew', 'General', 'suppressed', 'bounce'],
  ])('a %s/%s bounce is %s with reason %s', (bounceType, bounceSubType, status, reason) => {
    const { events } = decideOn(sesBounce(['a@example.com'], { bounceType, bounceSubType }));
    expect(events).toEqual([expect.objectContaining({ status, reason, bounceType, bounceSubType })]);
  });

  it.each([
    ['abuse', 'suppressed', 'complaint'],
    ['fraud', 'suppressed', 'complaint'],
    [undefined, 'suppressed', 'complaint'],
    ['not-spam', 'soft', 'not_spam_complaint'],
  ])('a complaint with feedback type %s is %s with reason %s', (feedbackType, status, reason) => {
    const { events } = decideOn(sesComplaint(['a@example.com'], feedbackType === undefined ? {} : { feedbackType }));
    expect(events).toEqual([expect.objectContaining({ status, reason, complaintFeedbackType: feedbackType })]);
  });

  it('gives only the reasons the dashboard plots (HANDLER_REASONS), by status', () => {
    // Prepare: every bounce type, both complaint kinds, with and without escalation at one bounce
    const events = [
      ...['Permanent', 'Transient', 'Undetermined'].map((bounceType) => sesBounce(['a@example.com'], { bounceType, bounceSubType: 'General' })),
      sesComplaint(['a@example.com'], { feedbackType: 'abuse' }),
      sesComplaint(['a@example.com'], { feedbackType: 'not-spam' }),
    ].map((value) => {
      const event = parseSesEvent(value);
      if (event.kind === 'ignored') throw new Error('ignored');
      return event;
    });

    // Act
    const decided = [DEFAULT_POLICY, { ...DEFAULT_POLICY, softBounceThreshold: 1 }].flatMap((policy) =>
      events.flatMap((event) => decide(event, policy).events),
    );

    // Assess
    const seen = { suppressed: new Set<string>(), soft: new Set<string>() };
    for (const { status, reason } of decided) seen[status === 'suppressed' ? 'suppressed' : 'soft'].add(reason);
    expect([...seen.suppressed].sort()).toEqual([...HANDLER_REASONS.suppressed].sort());
    expect([...seen.soft].sort()).toEqual([...HANDLER_REASONS.soft].sort());
  });

  it('handles every recipient of the identity-notification fixtures', () => {
    expect(decideOn(fixture('ses/identity-notification-bounce-no-dsn.json')).events.map((e) => e.email)).toEqual(['jane@example.com', 'richard@example.com']);
    const withDsn = decideOn(fixture('ses/identity-notification-bounce-with-dsn.json')).events;
    expect(withDsn).toEqual([
      expect.objectContaining({ email: 'jane@example.com', dsnStatus: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 <jane@example.com>... User' }),
    ]);
    expect(decideOn(fixture('ses/identity-notification-complaint-no-feedback.json')).events).toEqual([
      expect.objectContaining({ email: 'richard@example.com', status: 'suppressed', complaintFeedbackType: undefined }),
    ]);
    expect(decideOn(fixture('ses/identity-notification-complaint-with-feedback.json')).events).toEqual([
      expect.objectContaining({ email: 'richard@example.com', complaintFeedbackType: 'abuse', source: 'ses-identity-notification' }),
    ]);
  });

  it('handles many recipients, display names and upper case, and skips the invalid ones', () => {
    // Prepare
    const recipients = [
      ...Array.from({ length: 48 }, (_, i) => `User${i}@Example.com`),
      '"Jane Doe" <JANE@example.com>',
      'not an address',
      { emailAddress: null },
      { status: '5.1.1' },
      'user0@example.com',
    ];

    // Act
    const { events, invalidRecipients } = decideOn(sesBounce(recipients));

    // Assess
    expect(events).toHaveLength(49);
    expect(events.map((e) => e.email)).toContain('jane@example.com');
    expect(events.map((e) => e.email)).toContain('user47@example.com');
    expect(invalidRecipients).toEqual(['not an address', null, undefined]);
  });

  it('leaves out the DSN fields a recipient does not have, and cuts an endless diagnostic', () => {
    const { events } = decideOn(sesBounce([{ emailAddress: 'a@example.com' }, { emailAddress: 'b@example.com', diagnosticCode: 'x'.repeat(5000) }]));
    expect(events[0]).toMatchObject({ dsnStatus: undefined, diagnosticCode: undefined });
    expect(events[1]?.diagnosticCode).toHaveLength(1000);
  });
});
