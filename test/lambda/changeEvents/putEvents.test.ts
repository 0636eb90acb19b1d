import { describe, expect, it } from 'vitest';
import { MAX_ENTRIES_PER_REQUEST, type PlannedEvent, requestsOf } from '../../../lambda/changeEvents/putEvents';

function planned(recordIndex: number, address: string): PlannedEvent {
  return {
    recordIndex,
    event: {
      detailType: 'Address Unsuppressed',
      detail: {
        version: '1',
        eventId: `e${recordIndex}`,
        address,
        changedAt: '2026-01-01T00:00:00.000Z',
        sequenceNumber: String(recordIndex),
        cause: 'removed',
        expired: false,
        previous: { reason: 'bounce', source: 'operator', firstEventAt: '', lastEventAt: '', eventCount: 1 },
      },
    },
  };
}

describe('Function: requestsOf', () => {
  it('keeps stream order, at most 10 entries per request', () => {
    // Act
    const requests = requestsOf(Array.from({ length: 23 }, (_, i) => planned(i, `a${i}@example.com`)));

    // Assess
    expect(MAX_ENTRIES_PER_REQUEST).toBe(10);
    expect(requests.map((r) => r.map((p) => p.recordIndex))).toEqual([
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      [10, 11, 12, 13, 14, 15, 16, 17, 18, 19],
      [20, 21, 22],
    ]);
  });

  it('starts a new request before a second event of the same address', () => {
    // Act
    const requests = requestsOf([planned(0, 'a@example.com'), planned(1, 'b@example.com'), planned(2, 'a@example.com'), planned(3, 'c@example.com')]);

    // Assess
    expect(requests.map((r) => r.map((p) => p.recordIndex))).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it('makes no request for no events', () => {
    // Act & Assess
    expect(requestsOf([])).toEqual([]);
  });
});
