/** Wall time of `fn`, in milliseconds. */
async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Runs two contenders alternately, `rounds` times each, and returns the median time of each: on a
 * shared, noisy machine only a ratio measured side by side means anything.
 */
async function sideBySide(
  rounds: number,
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
): Promise<{ a: number; b: number }> {
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    // Alternate who goes first, so that warm-up and background load fall on both alike.
    if (i % 2 === 0) {
      as.push(await timed(a));
      bs.push(await timed(b));
    } else {
      bs.push(await timed(b));
      as.push(await timed(a));
    }
  }
  return { a: median(as), b: median(bs) };
}

/** One line of the benchmark table. */
interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The target, in words, and whether the value meets it. */
  readonly target?: string;
  readonly meets?: boolean;
}

export { median, sideBySide, timed };
export type { Figure };
