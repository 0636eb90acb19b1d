import type { Output } from './types';

/** Redraws at most this often, so a fast loop does not spend its time writing to the terminal. */
const REDRAW_MS = 250;

/** Options of {@link createProgress}. */
interface ProgressOptions {
  /** The command, shown first: `import: ...`. */
  readonly label: string;
  /** What is counted: `lines`, `items scanned`. */
  readonly unit: string;
  /** The count at the end, when known in advance: adds the share done and an ETA. */
  readonly total?: number;
  /**
   * Silences the final summary too (`--quiet`).
   * @default false
   */
  readonly quiet?: boolean;
  /** @default Date.now */
  readonly now?: () => number;
}

/** A progress indicator on stderr. */
interface Progress {
  /** The count so far; redraws the line on a terminal. */
  update(done: number): void;
  /** Clears the animated line and prints the summary (always, unless quiet). */
  finish(summary: string): void;
}

/**
 * A one-line progress indicator (count, rate, and with a total the share done and an ETA), redrawn
 * in place only when the stream is a terminal: piped or logged stderr gets the final summary line
 * alone, never hundreds of `\r` lines.
 *
 * @example
 * const progress = createProgress(process.stderr, { label: 'import', unit: 'lines', total: 50_000 });
 * progress.update(1200); // import: 1,200/50,000 lines (2%), 800/s, ETA 1m01s
 * progress.finish('import: 50,000 lines in 62s');
 */
function createProgress(stream: Output, options: ProgressOptions): Progress {
  const now = options.now ?? Date.now;
  const started = now();
  const animated = stream.isTTY === true && options.quiet !== true;
  let drawn = false;
  let lastDraw = 0;
  return {
    update(done) {
      if (!animated) return;
      const t = now();
      if (t - lastDraw < REDRAW_MS) return;
      lastDraw = t;
      drawn = true;
      stream.write(`\r\x1b[K${progressText(options, done, t - started)}`);
    },
    finish(summary) {
      if (drawn) stream.write('\r\x1b[K');
      if (options.quiet !== true) stream.write(`${summary}\n`);
    },
  };
}

/** The text of one progress line. */
function progressText(options: Pick<ProgressOptions, 'label' | 'unit' | 'total'>, done: number, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const count = options.total === undefined ? `${done.toLocaleString('en-US')} ${options.unit}` : `${done.toLocaleString('en-US')}/${options.total.toLocaleString('en-US')} ${options.unit} (${Math.floor((100 * done) / Math.max(1, options.total))}%)`;
  const eta = options.total !== undefined && rate > 0 ? `, ETA ${duration(((options.total - done) / rate) * 1000)}` : '';
  return `${options.label}: ${count}, ${Math.round(rate).toLocaleString('en-US')}/s${eta}`;
}

/** `42s`, `3m05s`, `1h02m`. */
function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export { createProgress, duration, progressText };
export type { Progress, ProgressOptions };
