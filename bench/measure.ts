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
 * Runs contenders in turn, `rounds` times each after one warm-up round, rotating who goes first,
 * and returns the median time of each: on a shared, noisy machine only ratios measured side by
 * side mean anything.
 */
async function sideBySide<K extends string>(rounds: number, contenders: Record<K, Contender>): Promise<Record<K, number>> {
  const times = await sideBySideRounds(rounds, contenders);
  return Object.fromEntries(Object.entries<number[]>(times).map(([name, list]) => [name, median(list)])) as Record<K, number>;
}

/** {@link sideBySide}, returning every round's time of each contender (round i of each ran together). */
async function sideBySideRounds<K extends string>(rounds: number, contenders: Record<K, Contender>): Promise<Record<K, number[]>> {
  const names = Object.keys(contenders) as K[];
  const times = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (const name of names) await (await contenders[name]())();
  for (let i = 0; i < rounds; i++) {
    // Rotate the order, so that warm-up and background load fall on every contender alike.
    for (let j = 0; j < names.length; j++) {
      const name = names[(i + j) % names.length] as K;
      const run = await contenders[name]();
      times[name].push(await timed(run));
    }
  }
  return times;
}

/** Minimum, median and maximum of some measurements: what a figure with its spread shows. */
function spreadOf(values: readonly number[]): { min: number; value: number; max: number } {
  return { min: Math.min(...values), value: median(values), max: Math.max(...values) };
}

/** One line of the benchmark table. */
interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The smallest and largest of the rounds whose median `value` is, when the figure has rounds. */
  readonly min?: number;
  readonly max?: number;
  /** The target, in words, and whether the value meets it. */
  readonly target?: string;
  readonly meets?: boolean;
}

export { median, sideBySide, sideBySideRounds, spreadOf, timed };
export type { Contender, Figure };
