import { DEFAULT_SEGMENTS, MAX_SEGMENTS } from '../admin/parallelScan';
import type { ParallelScanOptions, ScanProgress } from '../admin/parallelScan';
import { UsageError } from './errors';
import { positiveInteger } from './parseValues';
import { plural } from './plural';
import { createProgress } from './progress';
import type { CommandContext } from './types';

/** What a full-table command passes to the scan, and what it calls when the scan is done. */
interface ScanSettings {
  readonly scan: ParallelScanOptions;
  /** The last progress seen, for the summary. */
  last(): ScanProgress;
  /** Clears the animated line and prints `<label>: <n> items scanned in <t>s (<pages>, <segments>)`. */
  finish(extra?: string): void;
}

/**
 * `--segments` and the progress indicator of a full-table command: an animated line on a terminal
 * and one summary line at the end (unless `quiet`), both on stderr so stdout stays data.
 */
function scanSettings(context: CommandContext, command: string, options: { quiet?: boolean; pageSize?: number } = {}): ScanSettings {
  const segments = context.values.segments === undefined ? DEFAULT_SEGMENTS : positiveInteger(context.values.segments, '--segments', command);
  if (segments > MAX_SEGMENTS) throw new UsageError(`--segments must be at most ${MAX_SEGMENTS} (got ${segments})`, command);
  const started = Date.now();
  const progress = createProgress(context.io.stderr, { label: command, unit: 'items scanned', ...(options.quiet === undefined ? {} : { quiet: options.quiet }) });
  let last: ScanProgress = { scanned: 0, returned: 0, pages: 0, readUnits: 0 };
  return {
    scan: {
      segments,
      ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
      onPage: (p) => {
        last = p;
        progress.update(p.scanned);
      },
    },
    last: () => last,
    finish: (extra) =>
      progress.finish(
        `${command}: ${plural(last.scanned, 'item')} scanned in ${((Date.now() - started) / 1000).toFixed(1)}s ` +
          `(${plural(last.pages, 'page')}, ${plural(segments, 'segment')})${extra === undefined ? '' : `; ${extra}`}`,
      ),
  };
}

export { scanSettings };
export type { ScanSettings };
