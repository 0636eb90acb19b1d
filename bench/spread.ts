import { median } from './measure';

/** Min, median and max of a figure's samples. */
interface Spread {
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

function spreadOf(samples: readonly number[]): Spread {
  return { min: Math.min(...samples), median: median(samples), max: Math.max(...samples) };
}

/** ` (min a / max b)`, for a figure's name. */
function spreadText(spread: Spread, digits = 2): string {
  return ` (min ${spread.min.toFixed(digits)}, max ${spread.max.toFixed(digits)})`;
}

export type { Spread };
export { spreadOf, spreadText };
