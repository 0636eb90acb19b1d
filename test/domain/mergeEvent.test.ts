import { describe, expect, it } from 'vitest';
import { decide } from '../../src/domain/decide';
import { feedbackDigest } from '../../src/domain/feedbackDigest';
import { mergeEvent } from '../../src/domain/mergeEvent';
import { parseSesEvent } from '../../src/domain/sesEvent';
import type { RecipientEvent, SuppressionRecord } from '../../src/domain/types';
import { sesBounce, sesComplaint } from '../helpers/factories';

function one(value: unknown): RecipientEvent {
  const event = parseSesEvent(value);
  if (event.kind === 'ignored') throw new Error('ignored');
  return decide(event).events[0]!;
}

describe('Function: mergeEvent', () => {
  const soft = one(sesBounce(['a@example.com'], { bounceType: 'Transient', timestamp: '2026-01-03T00:00:00Z' }));
  const hard = one(sesBounce(['a@example.com'], { timestamp: '2026-01-02T00:00:00Z' }));
  const complaint = one(sesComplaint(['a@example.com'], { timestamp: '2026-01-01T00:00:00Z' }));

  it('returns undefined for an event already applied', () => {
    const record = mergeEvent(undefined, hard);
    expect(mergeEvent(record, hard)).toBeUndefined();
  });

  it('lets a suppressing event decide over a later soft one, and keeps times and count exact', () => {
    const record = [soft, hard, complaint].reduce<SuppressionRecord | undefined>((r, e) => mergeEvent(r, e) ?? r, undefined);
    expect(record).toMatchObject({
      status: 'suppressed',
      reason: 'bounce',
      bounceType: 'Permanent',
      firstEventAt: '2026-01-01T00:00:00.000Z',
      lastEventAt: '2026-01-03T00:00:00.000Z',
      lastMessageId: soft.messageId,
      eventCount: 3,
    });
  });

  it('rotates a full feedback-id set into the previous generation and still recognises both', () => {
    const events = Array.from({ length: 5 }, (_, i) => one(sesBounce(['a@example.com'], { feedbackId: `f${i}`, timestamp: `2026-01-0${i + 1}T00:00:00Z` })));
    const record = events.reduce<SuppressionRecord | undefined>((r, e) => mergeEvent(r, e, { feedbackIdCap: 2 }) ?? r, undefined);
    expect([...(record?.feedbackIds ?? [])]).toEqual(['f4'].map(feedbackDigest));
    expect([...(record?.previousFeedbackIds ?? [])]).toEqual(['f2', 'f3'].map(feedbackDigest));
    expect(mergeEvent(record, events[3]!, { feedbackIdCap: 2 })).toBeUndefined();
  });
});
