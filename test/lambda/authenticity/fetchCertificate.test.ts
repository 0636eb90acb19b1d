import { randomBytes } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SnsRequestError } from '../../../lambda/authenticity/errors';
import { fetchCertificate } from '../../../lambda/authenticity/fetchCertificate';
import { stubHttpsGet } from '../../helpers/httpsStub';
import { type SigningAuthority, createSigningAuthority } from '../../helpers/snsSigningAuthority';

/** The cache is per container (module): every test uses a URL of its own. */
const freshUrl = () => `https://sns.us-east-1.amazonaws.com/SimpleNotificationService-${randomBytes(16).toString('hex')}.pem`;

describe('Function: fetchCertificate', () => {
  let authority: SigningAuthority;
  beforeAll(() => {
    authority = createSigningAuthority();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('downloads a certificate once per URL and serves it from the cache after that', async () => {
    // Prepare
    const https = stubHttpsGet();
    const url = freshUrl();
    https.serve(url, { body: authority.certificatePem });

    // Act
    const [first, concurrent] = await Promise.all([fetchCertificate(url), fetchCertificate(url)]);
    const later = await fetchCertificate(url);

    // Assess
    expect(first.publicKey.asymmetricKeyType).toBe('rsa');
    expect(concurrent).toBe(first);
    expect(later).toBe(first);
    expect(https.calls).toEqual([url]);
  });

  it.each([
    ['an error status', { status: 503, body: 'Service Unavailable' }, /answered 503/],
    ['a 200 whose body is not a certificate', { body: '<html>captive portal</html>' }, /not answer an X.509 certificate/],
    ['a body too large for a certificate', { body: 'A'.repeat(70 * 1024) }, /more than/],
    ['a network error', 'network-error' as const, /ENOTFOUND/],
  ])('never caches a failed download (%s): the next call downloads again', async (_name, failure, problem) => {
    // Prepare
    const https = stubHttpsGet();
    const url = freshUrl();
    https.serve(url, failure);

    // Act
    const failed = fetchCertificate(url);
    await expect(failed).rejects.toThrow(problem);
    https.serve(url, { body: authority.certificatePem });
    const retried = await fetchCertificate(url);

    // Assess
    await expect(failed).rejects.toBeInstanceOf(SnsRequestError);
    expect(retried.publicKey.asymmetricKeyType).toBe('rsa');
    expect(https.calls).toEqual([url, url]);
  });

  it.each([
    ['a server that never answers', 'hang' as const],
    ['an answer cut off after its headers (sns-validator would wait forever)', 'cut-off' as const],
  ])('bounds a download by its timeout: %s', async (_name, answer) => {
    // Prepare
    const https = stubHttpsGet();
    const url = freshUrl();
    https.serve(url, answer);

    // Act
    const result = fetchCertificate(url, 20);

    // Assess
    await expect(result).rejects.toThrow(/timed out after 20 ms/);
    https.serve(url, { body: authority.certificatePem });
    await expect(fetchCertificate(url)).resolves.toBeDefined();
    expect(https.calls).toEqual([url, url]);
  });
});
