import { describe, expect, it } from 'vitest';
import { readHandlerEnvironment } from '../../../lambda/bounceHandler/readHandlerEnvironment';
import { DEFAULT_POLICY } from '../../../src/domain/policy';

const ENV = {
  TABLE_NAME: 'suppression',
  TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:ses-bounce-guard-events',
  CONFIGURATION_SET_NAME: 'txn-mail',
  DEPLOYMENT: 'Mail-Prod/Guard',
};

describe('Function: readHandlerEnvironment', () => {
  it('reads the configuration, signature verification on by default', () => {
    // Act
    const config = readHandlerEnvironment(ENV);

    // Assess
    expect(config).toEqual({
      tableName: 'suppression',
      topicArn: ENV.TOPIC_ARN,
      configurationSetName: ['txn-mail'],
      deployment: 'Mail-Prod/Guard',
      verifySignatures: true,
      policy: DEFAULT_POLICY,
    });
    expect(DEFAULT_POLICY).toEqual({ softBounceThreshold: 3, softBounceWindowDays: 7, dsnOverride: false });
  });

  it('reads every policy setting from its variable', () => {
    // Act
    const config = readHandlerEnvironment({
      ...ENV,
      SOFT_BOUNCE_THRESHOLD: '0',
      SOFT_BOUNCE_WINDOW_DAYS: '14',
      DSN_OVERRIDE: 'true',
      SOFT_RECORD_TTL_DAYS: '30',
      SUPPRESSION_TTL_DAYS: ' 365 ',
    });

    // Assess
    expect(config.policy).toEqual({ softBounceThreshold: 0, softBounceWindowDays: 14, dsnOverride: true, softRecordTtlDays: 30, suppressionTtlDays: 365 });
  });

  it('reads the tenant scopes, and leaves them unset (the defaults) when empty', () => {
    // Act
    const set = readHandlerEnvironment({ ...ENV, BOUNCE_SCOPE: 'tenant', COMPLAINT_SCOPE: ' account ', TENANT_LIST_SCOPE: 'tenant' });
    const empty = readHandlerEnvironment({ ...ENV, BOUNCE_SCOPE: '', COMPLAINT_SCOPE: '' });

    // Assess
    expect(set.policy).toEqual({ ...DEFAULT_POLICY, bounceScope: 'tenant', complaintScope: 'account', tenantListScope: 'tenant' });
    expect(empty.policy).toEqual(DEFAULT_POLICY);
  });

  it('reads several configuration sets from one comma-separated variable, one name as a list of one', () => {
    // Act
    const several = readHandlerEnvironment({ ...ENV, CONFIGURATION_SET_NAME: 'txn-mail, tenant-a-mail,tenant_b' });

    // Assess
    expect(several.configurationSetName).toEqual(['txn-mail', 'tenant-a-mail', 'tenant_b']);
    expect(readHandlerEnvironment(ENV).configurationSetName).toEqual(['txn-mail']);
  });

  it('leaves expiry off when the TTL variables are empty', () => {
    // Act
    const config = readHandlerEnvironment({ ...ENV, SOFT_RECORD_TTL_DAYS: '', SUPPRESSION_TTL_DAYS: '', DSN_OVERRIDE: 'false' });

    // Assess
    expect(config.policy).toEqual(DEFAULT_POLICY);
    expect(config.policy).not.toHaveProperty('suppressionTtlDays');
  });

  it.each([
    ['SOFT_BOUNCE_THRESHOLD', '-1', 'SOFT_BOUNCE_THRESHOLD must be a whole number >= 0, got -1'],
    ['SOFT_BOUNCE_THRESHOLD', '2.5', 'SOFT_BOUNCE_THRESHOLD must be a whole number (got "2.5")'],
    ['SOFT_BOUNCE_WINDOW_DAYS', '0', 'SOFT_BOUNCE_WINDOW_DAYS must be a whole number >= 1, got 0'],
    ['SOFT_BOUNCE_WINDOW_DAYS', 'seven', 'SOFT_BOUNCE_WINDOW_DAYS must be a whole number (got "seven")'],
    ['DSN_OVERRIDE', 'yes', "DSN_OVERRIDE must be 'true' or 'false'"],
    ['SOFT_RECORD_TTL_DAYS', '0', 'SOFT_RECORD_TTL_DAYS must be a whole number >= 1, got 0'],
    ['SUPPRESSION_TTL_DAYS', '1e3', 'SUPPRESSION_TTL_DAYS must be a whole number (got "1e3")'],
    ['COMPLAINT_SCOPE', 'tenants', "COMPLAINT_SCOPE must be 'account' or 'tenant' (got \"tenants\")"],
    ['BOUNCE_SCOPE', 'Account', "BOUNCE_SCOPE must be 'account' or 'tenant' (got \"Account\")"],
    ['TENANT_LIST_SCOPE', 'none', "TENANT_LIST_SCOPE must be 'account' or 'tenant' (got \"none\")"],
    ['CONFIGURATION_SET_NAME', 'txn-mail,', 'CONFIGURATION_SET_NAME must be configuration set names separated by commas (got "txn-mail,")'],
    ['CONFIGURATION_SET_NAME', 'txn mail', 'CONFIGURATION_SET_NAME must be configuration set names separated by commas (got "txn mail")'],
  ])('refuses %s=%j', (name, value, message) => {
    // Act
    const read = () => readHandlerEnvironment({ ...ENV, [name]: value });

    // Assess
    expect(read).toThrow(message);
  });

  it('reports every policy problem along with the others in one error', () => {
    // Act
    const read = () => readHandlerEnvironment({ ...ENV, TABLE_NAME: '', SOFT_BOUNCE_THRESHOLD: 'x', DSN_OVERRIDE: '1', SUPPRESSION_TTL_DAYS: '-5' });

    // Assess
    expect(read).toThrow(
      "invalid function configuration: TABLE_NAME is not set; DSN_OVERRIDE must be 'true' or 'false'; " +
        'SOFT_BOUNCE_THRESHOLD must be a whole number (got "x"); SUPPRESSION_TTL_DAYS must be a whole number >= 1, got -5',
    );
  });

  it.each([
    ['on', true],
    ['', true],
    ['off', false],
  ])('SNS_SIGNATURE_VERIFICATION=%j verifies signatures: %s', (value, expected) => {
    // Act
    const config = readHandlerEnvironment({ ...ENV, SNS_SIGNATURE_VERIFICATION: value });

    // Assess
    expect(config.verifySignatures).toBe(expected);
  });

  it.each(['false', 'OFF', '0', 'of'])('refuses SNS_SIGNATURE_VERIFICATION=%j instead of guessing', (value) => {
    // Act
    const read = () => readHandlerEnvironment({ ...ENV, SNS_SIGNATURE_VERIFICATION: value });

    // Assess
    expect(read).toThrow("SNS_SIGNATURE_VERIFICATION must be 'on' or 'off'");
  });

  it('reports every missing variable in one error', () => {
    // Act
    const read = () => readHandlerEnvironment({ TOPIC_ARN: ' ' });

    // Assess
    expect(read).toThrow(
      'invalid function configuration: TABLE_NAME is not set; TOPIC_ARN is not set; CONFIGURATION_SET_NAME is not set; DEPLOYMENT is not set',
    );
  });

  it('refuses a TOPIC_ARN that is not an SNS topic ARN', () => {
    // Act
    const read = () => readHandlerEnvironment({ ...ENV, TOPIC_ARN: 'arn:aws:sqs:us-east-1:123456789012:queue' });

    // Assess
    expect(read).toThrow('TOPIC_ARN is not an SNS topic ARN');
  });

  it.each(['eu-west-1', 'us-gov-west-1', ' ap-southeast-5 '])('reads SUPPRESSION_TABLE_REGION=%j: the home region a second region writes to', (value) => {
    // Act
    const config = readHandlerEnvironment({ ...ENV, SUPPRESSION_TABLE_REGION: value });

    // Assess
    expect(config.tableRegion).toBe(value.trim());
  });

  it("leaves the table in the function's region when SUPPRESSION_TABLE_REGION is unset or empty", () => {
    // Act
    const unset = readHandlerEnvironment(ENV);
    const empty = readHandlerEnvironment({ ...ENV, SUPPRESSION_TABLE_REGION: ' ' });

    // Assess
    expect(unset).not.toHaveProperty('tableRegion');
    expect(empty).not.toHaveProperty('tableRegion');
  });

  it.each(['eu_west_1', 'Europe', 'https://dynamodb.eu-west-1.amazonaws.com', 'eu-west-1a'])(
    "refuses SUPPRESSION_TABLE_REGION=%j instead of writing to the function's own region",
    (value) => {
      // Act
      const read = () => readHandlerEnvironment({ ...ENV, SUPPRESSION_TABLE_REGION: value });

      // Assess
      expect(read).toThrow(`SUPPRESSION_TABLE_REGION is not an AWS region name (got ${JSON.stringify(value)})`);
    },
  );
});
