import type { ClientRequest, IncomingMessage } from 'node:http';
import https from 'node:https';
import { PassThrough } from 'node:stream';

/**
 * Makes `https.get` (the call sns-validator downloads certificates with) answer `url` with `pem`,
 * in this process only and until `restore()`; every other URL goes to the real `https.get`. A local
 * run signs its envelopes with a certificate authority it made, at an SNS-looking URL that cannot
 * be reached: this is how the handler is told to trust it, for this run only.
 */
function trustCertificate(url: string, pem: string): { restore(): void } {
  const original = https.get;
  const patched = ((target: string | URL, ...rest: unknown[]): ClientRequest => {
    if (String(target) !== url) return (original as (...args: unknown[]) => ClientRequest)(target, ...rest);
    const callback = rest.find((arg): arg is (response: IncomingMessage) => void => typeof arg === 'function');
    const response = Object.assign(new PassThrough(), { statusCode: 200, headers: {} });
    const request = new PassThrough();
    setImmediate(() => {
      callback?.(response as unknown as IncomingMessage);
      response.end(pem);
    });
    return request as unknown as ClientRequest;
  }) as typeof https.get;
  https.get = patched;
  return {
    restore: () => {
      if (https.get === patched) https.get = original;
    },
  };
}

export { trustCertificate };
