import { describe, expect, it } from 'vitest';
import { certificateUrl } from '../../../src/receiver/authenticity/certificateUrl';

const PEM = 'SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem';

describe('Function: certificateUrl', () => {
  it.each([
    [`https://sns.us-east-1.amazonaws.com/${PEM}`],
    [`https://sns.eu-central-2.amazonaws.com/${PEM}`],
    [`https://sns.us-gov-west-1.amazonaws.com/${PEM}`],
    [`https://sns.cn-north-1.amazonaws.com.cn/${PEM}`],
  ])('accepts the SNS certificate URL %s', (raw) => {
    // Act
    const result = certificateUrl(raw);

    // Assess
    expect(result).toEqual({ href: raw });
  });

  it('fetches the parsed form, so that the default port and a percent-escaped host are read as the request reads them', () => {
    // Act
    const result = certificateUrl(`https://sns%2Eus-east-1.amazonaws.com:443/${PEM}`);

    // Assess
    expect(result).toEqual({ href: `https://sns.us-east-1.amazonaws.com/${PEM}` });
  });

  it.each([
    ['missing', undefined, /is missing/],
    ['empty', '', /is missing/],
    ['not a string', 42, /is missing/],
    ['not a URL', 'sns.us-east-1.amazonaws.com/x.pem', /is not a URL/],
    ['http', `http://sns.us-east-1.amazonaws.com/${PEM}`, /is not https/],
    ['file scheme', `file:///SimpleNotificationService-abc.pem`, /is not https/],
    ['lookalike suffix', `https://sns.us-east-1.amazonaws.com.evil.com/${PEM}`, /not on an SNS host/],
    ['host in the path', `https://evil.com/sns.us-east-1.amazonaws.com/${PEM}`, /not on an SNS host/],
    ['user info naming the SNS host', `https://sns.us-east-1.amazonaws.com@evil.com/${PEM}`, /user info/],
    ['user info before the SNS host', `https://evil:pw@sns.us-east-1.amazonaws.com/${PEM}`, /user info/],
    ['a port', `https://sns.us-east-1.amazonaws.com:8443/${PEM}`, /has a port/],
    ['prefixed host', `https://evilsns.us-east-1.amazonaws.com/${PEM}`, /not on an SNS host/],
    ['another AWS service', `https://s3.us-east-1.amazonaws.com/${PEM}`, /not on an SNS host/],
    ['no region', `https://sns.amazonaws.com/${PEM}`, /not on an SNS host/],
    ['trailing dot', `https://sns.us-east-1.amazonaws.com./${PEM}`, /not on an SNS host/],
    ['unicode lookalike host', `https://sns.us-east-1.amazonaws.cοm/${PEM}`, /not on an SNS host/],
    ['IP address', `https://52.94.0.1/${PEM}`, /not on an SNS host/],
    ['backslash trick', `https://evil.com\\@sns.us-east-1.amazonaws.com/${PEM}`, /user info|not on an SNS host/],
    ['non-pem path', 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-9c6465fa.txt', /certificate path/],
    ['other file name', 'https://sns.us-east-1.amazonaws.com/evil.pem', /certificate path/],
    ['nested path', `https://sns.us-east-1.amazonaws.com/x/${PEM}`, /certificate path/],
    ['non-hex id', 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-xyz.pem', /certificate path/],
    ['query', `https://sns.us-east-1.amazonaws.com/${PEM}?x=.pem`, /query or fragment/],
    ['fragment', `https://sns.us-east-1.amazonaws.com/${PEM}#a`, /query or fragment/],
    ['too long', `https://sns.us-east-1.amazonaws.com/${'a'.repeat(4096)}.pem`, /too long/],
  ])('refuses a certificate URL: %s', (_name, raw, problem) => {
    // Act
    const result = certificateUrl(raw);

    // Assess
    expect(result).toEqual({ problem: expect.stringMatching(problem) });
  });
});
