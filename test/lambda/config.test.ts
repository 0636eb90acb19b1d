import { describe, expect, it } from 'vitest';
import { readConfig } from '../../lambda/config';

const ENV = {
  TABLE_NAME: 'suppression',
  TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:ses-bounce-guard-events',
  CONFIGURATION_SET_NAME: 'txn-mail',
};

describe('Function: readConfig', () => {
  it('reads the configuration, signature verification on by default', () => {
    // Act
    const config = readConfig(ENV);

    // Assess
    expect(config).toEqual({ tableName: 'suppression', topicArn: ENV.TOPIC_ARN, configurationSetName: 'txn-mail', verifySignatures: true });
  });

  it.each([
    ['on', true],
    ['', true],
    ['off', false],
  ])('SNS_SIGNATURE_VERIFICATION=%j verifies signatures: %s', (value, expected) => {
    // Act
    const config = readConfig({ ...ENV, SNS_SIGNATURE_VERIFICATION: value });

    // Assess
    expect(config.verifySignatures).toBe(expected);
  });

  it.each(['false', 'OFF', '0', 'of'])('refuses SNS_SIGNATURE_VERIFICATION=%j instead of guessing', (value) => {
    // Act
    const read = () => readConfig({ ...ENV, SNS_SIGNATURE_VERIFICATION: value });

    // Assess
    expect(read).toThrow("SNS_SIGNATURE_VERIFICATION must be 'on' or 'off'");
  });

  it('reports every missing variable in one error', () => {
    // Act
    const read = () => readConfig({ TOPIC_ARN: ' ' });

    // Assess
    expect(read).toThrow('invalid function configuration: TABLE_NAME is not set; TOPIC_ARN is not set; CONFIGURATION_SET_NAME is not set');
  });

  it('refuses a TOPIC_ARN that is not an SNS topic ARN', () => {
    // Act
    const read = () => readConfig({ ...ENV, TOPIC_ARN: 'arn:aws:sqs:us-east-1:123456789012:queue' });

    // Assess
    expect(read).toThrow('TOPIC_ARN is not an SNS topic ARN');
  });
});
