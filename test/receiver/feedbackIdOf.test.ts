import { describe, expect, it } from 'vitest';
import { feedbackIdOf } from '../../src/receiver/feedbackIdOf';

describe('Function: feedbackIdOf', () => {
  it.each([
    ['a bounce', { bounce: { feedbackId: 'fb-1' } }, 'fb-1'],
    ['a complaint', { complaint: { feedbackId: 'fb-2' } }, 'fb-2'],
    ['a non-string id', { bounce: { feedbackId: 42 } }, undefined],
    ['a bounce that is not an object', { bounce: 'fb-3' }, undefined],
    ['no feedback at all', { eventType: 'Delivery' }, undefined],
    ['null', null, undefined],
    ['a string', 'fb-4', undefined],
  ])('reads %s', (_, message, expected) => {
    // Act & Assess
    expect(feedbackIdOf(message)).toBe(expected);
  });

  it('clips an oversized id', () => {
    // Act
    const id = feedbackIdOf({ bounce: { feedbackId: 'x'.repeat(10_000) } });

    // Assess
    expect(id).toBe(`${'x'.repeat(128)}…`);
  });
});
