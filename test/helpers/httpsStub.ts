import { EventEmitter } from 'node:events';
import type { ClientRequest, IncomingMessage } from 'node:http';
import https from 'node:https';
import { PassThrough } from 'node:stream';
import { vi } from 'vitest';

/** How the stub answers one URL. */
type StubAnswer =
  | { readonly status?: number; readonly body: string }
  /** Never answers. */
  | 'hang'
  /** Sends a 200 and part of a body, then nothing more: no `end`, no `error`. */
  | 'cut-off'
  /** The request emits an error, as a DNS or connection failure does. */
  | 'network-error';

/** A stubbed `https.get`: the one place where a certificate or a confirmation leaves the process. */
interface HttpsStub {
  /** Every URL requested, in order. */
  readonly calls: string[];
  /** Answers `url` with `answer` from now on (replacing any earlier answer). */
  serve(url: string, answer: StubAnswer): void;
}

/**
 * Replaces `https.get` (the function sns-validator and our code call) with a stub that answers only
 * the URLs it was told to serve; any other URL fails as an unreachable host would, so no request
 * can leave the process. Restore with `vi.restoreAllMocks()`.
 */
function stubHttpsGet(): HttpsStub {
  const calls: string[] = [];
  const routes = new Map<string, StubAnswer>();
  vi.spyOn(https, 'get').mockImplementation(((url: string | URL, ...rest: unknown[]) => {
    const href = String(url);
    calls.push(href);
    const callback = rest.find((arg): arg is (response: IncomingMessage) => void => typeof arg === 'function');
    const request = new EventEmitter() as EventEmitter & { destroy(error?: Error): unknown };
    request.destroy = (error?: Error) => {
      if (error !== undefined) setImmediate(() => request.emit('error', error));
      return request;
    };
    const answer = routes.get(href) ?? 'network-error';
    setImmediate(() => {
      if (answer === 'hang') return;
      if (answer === 'network-error') {
        request.emit('error', Object.assign(new Error(`getaddrinfo ENOTFOUND (stub serves no ${href})`), { code: 'ENOTFOUND' }));
        return;
      }
      const response = Object.assign(new PassThrough(), { statusCode: answer === 'cut-off' ? 200 : (answer.status ?? 200), complete: false });
      callback?.(response as unknown as IncomingMessage);
      if (answer === 'cut-off') {
        response.write('-----BEGIN CERTIFICATE-----\nMIIF');
        return;
      }
      response.complete = true;
      response.end(answer.body);
    });
    return request as unknown as ClientRequest;
  }) as typeof https.get);
  return { calls, serve: (url, answer) => routes.set(url, answer) };
}

export type { HttpsStub, StubAnswer };
export { stubHttpsGet };
