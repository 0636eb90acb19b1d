import type { Output } from './types';

/**
 * Writes to a stream and, when it reports a full buffer (`write` returned `false`), waits for
 * `drain`: a listing piped into a slow reader then waits instead of buffering the whole table in
 * memory. Test buffers without `once` are written to directly.
 */
async function writeOut(stream: Output, text: string): Promise<void> {
  const emitter = stream as Output & { once?: (event: 'drain', listener: () => void) => unknown };
  if (stream.write(text) === false && typeof emitter.once === 'function') {
    await new Promise<void>((resolve) => emitter.once?.('drain', resolve));
  }
}

export { writeOut };
