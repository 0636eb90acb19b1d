import { describe, expect, it } from 'vitest';
import { mapWithConcurrency } from '../../src/util/mapWithConcurrency';

describe('Function: mapWithConcurrency', () => {
  it('never has more than the limit in flight, and returns results in input order', async () => {
    // Prepare
    let inFlight = 0;
    let most = 0;
    const items = Array.from({ length: 20 }, (_, i) => i);

    // Act
    const results = await mapWithConcurrency(items, 3, async (n) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, (n * 7) % 5));
      inFlight--;
      return n * 2;
    });

    // Assess
    expect(most).toBe(3);
    expect(results.map((result) => (result.status === 'fulfilled' ? result.value : undefined))).toEqual(items.map((n) => n * 2));
  });

  it('settles every item when some fail, so a retry has only the failed ones left', async () => {
    // Act
    const results = await mapWithConcurrency([1, 2, 3, 4], 2, async (n) => {
      if (n % 2 === 0) throw new Error(`no ${n}`);
      return n;
    });

    // Assess
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('no 2'));
  });

  it('returns an empty list for no items', async () => {
    expect(await mapWithConcurrency([], 4, async () => 1)).toEqual([]);
  });
});
