import type { ClientRequest } from 'node:http';
import https from 'node:https';
import { SnsRequestError } from './errors';

/** Limits of one {@link httpsGet}. */
interface HttpsGetOptions {
  /** Connection to last byte, after which the request is destroyed. */
  readonly timeoutMs: number;
  /** Bodies larger than this are refused (and the request destroyed) as soon as they grow past it. */
  readonly maxBytes: number;
}

/**
 * One bounded HTTPS GET: resolves with the body of a 200 answer, rejects with
 * {@link SnsRequestError} on anything else (network error, other status, timeout, oversized or
 * truncated body). Settles exactly once, and always: a response cut off after its headers, which
 * emits neither `end` nor (without a listener) `error`, is caught by the timer.
 *
 * Calls `https.get` through the module object, so that tests can stub the one network edge.
 *
 * @param href - an absolute https URL, already checked by the caller
 */
function httpsGet(href: string, { timeoutMs, maxBytes }: HttpsGetOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let request: ClientRequest | undefined;
    const finish = (error: Error | undefined, body?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error === undefined) resolve(body as string);
      else {
        request?.destroy();
        reject(error instanceof SnsRequestError ? error : new SnsRequestError(`GET ${href} failed: ${error.message}`, { cause: error }));
      }
    };
    const timer = setTimeout(() => finish(new SnsRequestError(`GET ${href} timed out after ${timeoutMs} ms`)), timeoutMs);
    request = https.get(href, (response) => {
      if (response.statusCode !== 200) {
        // Drain so that the socket is freed; the body of an error answer is of no use.
        response.resume();
        finish(new SnsRequestError(`GET ${href} answered ${String(response.statusCode)}`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          response.destroy();
          finish(new SnsRequestError(`GET ${href} answered more than ${maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => {
        if (response.complete === false) finish(new SnsRequestError(`GET ${href} answer was cut off`));
        else finish(undefined, Buffer.concat(chunks).toString('utf8'));
      });
      response.on('error', (error) => finish(error));
      response.on('aborted', () => finish(new SnsRequestError(`GET ${href} answer was cut off`)));
    });
    request.on('error', (error) => finish(error));
  });
}

export type { HttpsGetOptions };
export { httpsGet };
