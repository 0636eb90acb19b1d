/**
 * The `n` smallest values of a stream by `key`, ascending, holding at most `n` values at a time
 * (a max-heap of size `n`): O(n) memory and O(N log n) time for a stream of N, so that "the first n
 * by address" never needs the whole table in memory. Ties keep no particular order.
 *
 * @example
 * await smallestN(scanRecords(client, table), 10, (r) => r.email); // the 10 first addresses
 */
async function smallestN<T>(values: AsyncIterable<T> | Iterable<T>, n: number, key: (value: T) => string): Promise<T[]> {
  const heap: { key: string; value: T }[] = [];
  const swap = (i: number, j: number): void => {
    const a = heap[i] as { key: string; value: T };
    heap[i] = heap[j] as { key: string; value: T };
    heap[j] = a;
  };
  const keyAt = (i: number): string => (heap[i] as { key: string }).key;
  for await (const value of values) {
    const k = key(value);
    if (heap.length < n) {
      heap.push({ key: k, value });
      for (let i = heap.length - 1; i > 0 && keyAt((i - 1) >> 1) < keyAt(i); i = (i - 1) >> 1) swap(i, (i - 1) >> 1);
    } else if (n > 0 && k < keyAt(0)) {
      heap[0] = { key: k, value };
      for (let i = 0; ; ) {
        const left = 2 * i + 1;
        const right = left + 1;
        let largest = i;
        if (left < heap.length && keyAt(left) > keyAt(largest)) largest = left;
        if (right < heap.length && keyAt(right) > keyAt(largest)) largest = right;
        if (largest === i) break;
        swap(i, largest);
        i = largest;
      }
    }
  }
  return heap.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((entry) => entry.value);
}

export { smallestN };
