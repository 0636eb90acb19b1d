import { describe, expect, it } from 'vitest';
import { smallestN } from '../../src/admin/smallestN';

describe('Function: smallestN', () => {
  // A fixed pseudo-random order, so that a failure can be replayed.
  function shuffled(count: number, seed: number): string[] {
    const values = Array.from({ length: count }, (_, i) => `user${String(i).padStart(5, '0')}@example.com`);
    let state = seed;
    for (let i = values.length - 1; i > 0; i--) {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      const j = state % (i + 1);
      [values[i], values[j]] = [values[j] as string, values[i] as string];
    }
    return values;
  }

  it.each([
    [1, 1000],
    [7, 1000],
    [100, 1000],
    [1000, 1000],
    [5, 3],
  ])('keeps the %i smallest of %i values, ascending', async (n, count) => {
    // Prepare
    const values = shuffled(count, n * 31 + count);
    const expected = Array.from({ length: Math.min(n, count) }, (_, i) => `user${String(i).padStart(5, '0')}@example.com`);

    // Act
    const result = await smallestN(values, n, (v) => v);

    // Assess
    expect(result).toEqual(expected);
  });

  it('reads an async stream, by the key it is given', async () => {
    // Prepare
    async function* records(): AsyncGenerator<{ email: string }> {
      for (const email of ['d@x', 'b@x', 'e@x', 'a@x', 'c@x']) yield { email };
    }

    // Act
    const result = await smallestN(records(), 2, (r) => r.email);

    // Assess
    expect(result).toEqual([{ email: 'a@x' }, { email: 'b@x' }]);
  });
});
