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

/** Sets up one round (untimed) and returns the work to time. */
type Contender = () => Promise<() => Promise<unknown>>;

/**
 * Runs two contenders alternately, `rounds` times each after one warm-up round, and returns the
 * median time of each: on a shared, noisy machine only a ratio measured side by side means anything.
 */
async function sideBySide(rounds: number, a: Contender, b: Contender): Promise<{ a: number; b: number }> {
  const as: number[] = [];
  const bs: number[] = [];
  await (await a())();
  await (await b())();
  for (let i = 0; i < rounds; i++) {
    // Alternate who goes first, so that warm-up and background load fall on both alike.
    const order: [Contender, number[]][] = i % 2 === 0 ? [[a, as], [b, bs]] : [[b, bs], [a, as]];
    for (const [contender, times] of order) {
      const run = await contender();
      times.push(await timed(run));
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
export type { Contender, Figure };
