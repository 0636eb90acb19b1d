import { describe, expect, it } from 'vitest';
import { createProgress, duration } from '../../src/cli/progress';
import { plural } from '../../src/cli/plural';

describe('Function: createProgress', () => {
  function stream(isTTY: boolean): { isTTY: boolean; text: string; write(chunk: string): boolean } {
    return {
      isTTY,
      text: '',
      write(chunk) {
        this.text += chunk;
        return true;
      },
    };
  }

  it('redraws one line with count, rate and ETA on a terminal, at most every 250 ms, then the summary', () => {
    // Prepare
    const tty = stream(true);
    let now = 0;
    const progress = createProgress(tty, { label: 'import', unit: 'lines', total: 10_000, now: () => now });

    // Act
    now = 1000;
    progress.update(1000);
    now = 1100;
    progress.update(1100);
    now = 2000;
    progress.update(2000);
    progress.finish('import: done');

    // Assess
    expect(tty.text).toBe(
      '\r\x1b[Kimport: 1,000/10,000 lines (10%), 1,000/s, ETA 9s' + '\r\x1b[Kimport: 2,000/10,000 lines (20%), 1,000/s, ETA 8s' + '\r\x1b[K' + 'import: done\n',
    );
  });

  it('writes only the summary when stderr is not a terminal, and nothing when quiet', () => {
    // Prepare
    const piped = stream(false);
    const quiet = stream(true);
    let now = 0;
    const a = createProgress(piped, { label: 'export', unit: 'items scanned', now: () => now });
    const b = createProgress(quiet, { label: 'export', unit: 'items scanned', quiet: true, now: () => now });

    // Act
    for (now = 0; now < 5000; now += 300) {
      a.update(now);
      b.update(now);
    }
    a.finish('export: 4 records');
    b.finish('export: 4 records');

    // Assess
    expect(piped.text).toBe('export: 4 records\n');
    expect(quiet.text).toBe('');
  });

  it.each([
    [0, '0s'],
    [59_400, '59s'],
    [61_000, '1m01s'],
    [3_725_000, '1h02m'],
  ])('writes %i ms as %s', (ms, text) => {
    expect(duration(ms)).toBe(text);
  });
});

describe('Function: plural', () => {
  it.each([
    [0, 'record', undefined, '0 records'],
    [1, 'record', undefined, '1 record'],
    [2, 'record', undefined, '2 records'],
    [1, 'entry', 'entries', '1 entry'],
    [3, 'entry', 'entries', '3 entries'],
  ])('writes %i %s', (count, singular, pluralForm, text) => {
    expect(plural(count, singular, pluralForm)).toBe(text);
  });
});
