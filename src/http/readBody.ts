import type { IncomingMessage } from 'node:http';
import { BodyTimeoutError, BodyTooLargeError } from './errors';

/**
 * The request's body as text, at most `maxBytes`. A framework that parsed it already (Express's
 * `express.text()`, Fastify's text parser) leaves it on `req.body` as a string or a Buffer; otherwise
 * the stream is read here. A `content-length` above the limit is refused before reading; a body
 * that grows past it is refused as soon as it does, and the rest is not read.
 *
 * @throws BodyTooLargeError above the limit
 * @throws BodyTimeoutError when the body does not arrive within `timeoutMs`
 * @internal
 */
function readBody(req: IncomingMessage & { body?: unknown }, { maxBytes, timeoutMs }: { maxBytes: number; timeoutMs: number }): Promise<string> {
  const tooLarge = () => new BodyTooLargeError(`body is larger than ${maxBytes} bytes`);
  if (typeof req.body === 'string' || Buffer.isBuffer(req.body)) {
    const size = typeof req.body === 'string' ? Buffer.byteLength(req.body) : req.body.length;
    return size > maxBytes ? Promise.reject(tooLarge()) : Promise.resolve(req.body.toString());
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (error: Error | undefined): void => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', finish);
      if (error === undefined) resolve(Buffer.concat(chunks).toString('utf8'));
      else {
        // Stop reading; the answer goes out with `connection: close`.
        req.pause();
        reject(error);
      }
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) finish(tooLarge());
      else chunks.push(chunk);
    };
    const onEnd = (): void => finish(undefined);
    const timer = setTimeout(() => finish(new BodyTimeoutError(`body did not arrive within ${timeoutMs} ms`)), timeoutMs);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', finish);
  });
}

export { readBody };
