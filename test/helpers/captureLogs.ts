import { afterEach, beforeEach, vi } from 'vitest';

/** What the function logged during a test. */
interface CapturedLogs {
  /** Every JSON log line, parsed. */
  entries(): Record<string, unknown>[];
  /** Everything written, raw. */
  text(): string;
}

/**
 * Captures what is written to stdout and stderr (Powertools Logger writes one JSON line per entry
 * there, outside dev mode). Restore with `vi.restoreAllMocks()`.
 */
function captureLogs(): CapturedLogs {
  const chunks: string[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      const callback = rest.find((arg): arg is () => void => typeof arg === 'function');
      callback?.();
      return true;
    }) as typeof stream.write);
  }
  const text = () => chunks.join('');
  return {
    text,
    entries: () =>
      text()
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => {
          try {
            return JSON.parse(line) as Record<string, unknown>;
          } catch {
            return { raw: line };
          }
        }),
  };
}

export type { CapturedLogs };
export { captureLogs };

/** {@link captureLogs} around every test of the enclosing `describe`, restored after each. */
function captureLogsEachTest(): CapturedLogs {
  let current: CapturedLogs | undefined;
  beforeEach(() => {
    current = captureLogs();
  });
  afterEach(() => vi.restoreAllMocks());
  return {
    text: () => current?.text() ?? '',
    entries: () => current?.entries() ?? [],
  };
}

export { captureLogsEachTest };
