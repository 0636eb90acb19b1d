/** One JSON line the handler wrote (a log entry or an EMF metrics blob). */
type HandlerLog = Record<string, unknown>;

/**
 * Collects what the handler writes to stdout and stderr while it runs, so that the local run can
 * report from the handler's own summary lines instead of re-deriving them. `stop()` restores the
 * streams and returns the JSON lines; `passThrough` also lets them through, for `--verbose`.
 */
function captureHandlerLogs(passThrough: boolean): { stop(): HandlerLog[] } {
  const chunks: string[] = [];
  const streams = [process.stdout, process.stderr] as const;
  const originals = streams.map((stream) => stream.write);
  streams.forEach((stream, i) => {
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return passThrough ? (originals[i] as (...args: unknown[]) => boolean).call(stream, chunk, ...rest) : true;
    }) as typeof stream.write;
  });
  return {
    stop: () => {
      streams.forEach((stream, i) => {
        stream.write = originals[i] as typeof stream.write;
      });
      return chunks
        .join('')
        .split('\n')
        .flatMap((line) => {
          try {
            const value: unknown = JSON.parse(line);
            return typeof value === 'object' && value !== null ? [value as HandlerLog] : [];
          } catch {
            return [];
          }
        });
    },
  };
}

export type { HandlerLog };
export { captureHandlerLogs };
