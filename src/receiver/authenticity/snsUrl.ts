/**
 * `sns.<region>.amazonaws.com` or `sns.<region>.amazonaws.com.cn`, anchored at both ends so that
 * `sns.us-east-1.amazonaws.com.evil.com` and `evil-sns.us-east-1.amazonaws.com` do not match. The
 * region has the shape of every AWS region name (`us-east-1`, `cn-north-1`, `us-gov-west-1`).
 */
const SNS_HOST = /^sns\.[a-z]{2}(?:-[a-z]+)+-\d{1,2}\.amazonaws\.com(?:\.cn)?$/;

/** A URL that passed {@link parseSnsUrl}, or why it did not. */
type SnsUrlCheck = { readonly url: URL } | { readonly problem: string };

/**
 * The rules every URL we fetch from an SNS message must pass, before any request is made:
 * `https:` only, no user info, no explicit port, an SNS host. Parsing is WHATWG's (the one the
 * request will use), so tricks that depend on two parsers disagreeing (`@`, `\`, tabs, percent
 * escapes in the host) are read the way the request would read them; the caller fetches the
 * parsed `href`, never the raw string.
 *
 * @param raw - the URL exactly as the message carries it
 */
function parseSnsUrl(raw: unknown): SnsUrlCheck {
  if (typeof raw !== 'string' || raw === '') return { problem: 'is missing' };
  if (raw.length > 2048) return { problem: 'is too long' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { problem: 'is not a URL' };
  }
  if (url.protocol !== 'https:') return { problem: 'is not https' };
  // `https://sns.us-east-1.amazonaws.com@evil.com/` names evil.com: refuse any user info at all.
  if (url.username !== '' || url.password !== '') return { problem: 'has user info' };
  // `:443` is normalised away by the parser; any other port is not where SNS serves.
  if (url.port !== '') return { problem: 'has a port' };
  if (!SNS_HOST.test(url.hostname)) return { problem: 'is not on an SNS host' };
  return { url };
}

/** Whether a host name is an SNS regional endpoint. */
function isSnsHost(hostname: string): boolean {
  return SNS_HOST.test(hostname);
}

export type { SnsUrlCheck };
export { isSnsHost, parseSnsUrl };
