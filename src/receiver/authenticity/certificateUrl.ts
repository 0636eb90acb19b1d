import { parseSnsUrl } from './snsUrl';

/** Where SNS publishes its signing certificates: one file per certificate, named by a hex id. */
const CERTIFICATE_PATH = /^\/SimpleNotificationService-[0-9a-f]{1,128}\.pem$/i;

/** The certificate URL to fetch, or why it may not be fetched. */
type CertificateUrlCheck = { readonly href: string } | { readonly problem: string };

/**
 * Checks an envelope's `SigningCertURL` before anything is downloaded from it: the rules of
 * {@link parseSnsUrl} (https, no user info, no port, an SNS host) and the path of an SNS signing
 * certificate, with no query or fragment. Pure: no request is made.
 *
 * @example
 * certificateUrl('https://sns.us-east-1.amazonaws.com/SimpleNotificationService-9c6465fa.pem');
 * // { href: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-9c6465fa.pem' }
 * certificateUrl('https://sns.us-east-1.amazonaws.com.evil.com/SimpleNotificationService-9c6465fa.pem');
 * // { problem: 'certificate URL is not on an SNS host' }
 */
function certificateUrl(raw: unknown): CertificateUrlCheck {
  const parsed = parseSnsUrl(raw);
  if ('problem' in parsed) return { problem: `certificate URL ${parsed.problem}` };
  const { url } = parsed;
  if (!CERTIFICATE_PATH.test(url.pathname)) return { problem: 'certificate URL is not an SNS certificate path' };
  if (url.search !== '' || url.hash !== '') return { problem: 'certificate URL has a query or fragment' };
  return { href: url.href };
}

export type { CertificateUrlCheck };
export { certificateUrl };
