import { afterEach, beforeEach, vi } from 'vitest';

/**
 * Collects what the process writes to stdout and stderr (Powertools Logger writes its JSON lines to
 * stdout, warnings and errors to stderr) for each test, parsed where a line is JSON.
 */
function captureLogs(): { lines: () => string[]; entries: () => Record<string, unknown>[] } {
  let written: string[] = [];
  beforeEach(() => {
    written = [];
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
        return true;
      });
    }
  });
  afterEach(() => vi.restoreAllMocks());
  const lines = (): string[] => written.join('').split('\n').filter((line) => line !== '');
  return {
    lines,
    entries: () =>
      lines().flatMap((line) => {
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      }),
  };
}

export { captureLogs };
