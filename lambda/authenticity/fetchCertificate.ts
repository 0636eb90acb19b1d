import { X509Certificate } from 'node:crypto';
import { MAX_CERTIFICATE_BYTES, SNS_REQUEST_TIMEOUT_MS } from './constants';
import { SnsRequestError } from './errors';
import { httpsGet } from './httpsGet';

/**
 * Downloads per container, keyed by certificate URL. A promise is cached, so that concurrent
 * records needing the same certificate share one download; it is removed again when it fails, so
 * that a failed download (timeout, 5xx, a body that is not a certificate) is never remembered and
 * the next record tries again. Only URLs that passed `certificateUrl` get here, and only real
 * certificates stay, so the map cannot be grown by an attacker.
 */
const cache = new Map<string, Promise<X509Certificate>>();

/**
 * The signing certificate at `href`, downloaded once per container.
 *
 * @param href - a URL accepted by `certificateUrl` (its `href`)
 * @param timeoutMs - bound on the download; `SNS_REQUEST_TIMEOUT_MS` (5 s) when left out
 * @throws SnsRequestError when the download fails or its body is not an X.509 certificate
 */
function fetchCertificate(href: string, timeoutMs: number = SNS_REQUEST_TIMEOUT_MS): Promise<X509Certificate> {
  const cached = cache.get(href);
  if (cached !== undefined) return cached;
  const download = httpsGet(href, { timeoutMs, maxBytes: MAX_CERTIFICATE_BYTES }).then((pem) => {
    try {
      return new X509Certificate(pem);
    } catch (error) {
      throw new SnsRequestError(`GET ${href} did not answer an X.509 certificate`, { cause: error });
    }
  });
  cache.set(href, download);
  download.catch(() => {
    // Only this attempt is forgotten; a newer one may have replaced it meanwhile.
    if (cache.get(href) === download) cache.delete(href);
  });
  return download;
}

export { fetchCertificate };
