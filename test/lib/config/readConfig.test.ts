import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { CONFIG_DEFAULTS } from '../../../lib/config/defaults';
import { InvalidConfigError } from '../../../lib/config/errors';
import { readConfig } from '../../../lib/config/readConfig';
import { DEFAULT_POLICY } from '../../../src/domain/policy';
import cdkJson from '../../../cdk.json';

/** A context reader over a plain object, as `app.node.tryGetContext` would read it. */
function contextOf(values: Record<string, unknown>): (key: string) => unknown {
  return (key) => values[key];
}

function problemsOf(values: Record<string, unknown>): readonly string[] {
  try {
    readConfig(contextOf(values));
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidConfigError);
    return (error as InvalidConfigError).problems;
  }
  throw new Error('readConfig accepted the context');
}

describe('Function: readConfig', () => {
  it('returns the documented defaults when nothing is set', () => {
    // Act
    const config = readConfig(contextOf({}));

    // Assess
    expect(config).toEqual({
      stackName: 'SesBounceGuard',
      configurationSetName: 'txn-mail',
      accountSuppression: true,
      identities: [],
      handlerMemorySize: 256,
      handlerTimeoutSeconds: 30,
      logRetentionDays: RetentionDays.ONE_YEAR,
      reputationThresholds: { bounceRateWarning: 0.02, bounceRateCritical: 0.04, complaintRateWarning: 0.0005, complaintRateCritical: 0.0008 },
      alarmEmail: undefined,
      deliveryMode: 'direct',
      queueMaxConcurrency: 5,
      queueBatchWindowSeconds: 5,
      queueBatchSize: 10,
      policy: { softBounceThreshold: 3, softBounceWindowDays: 7, dsnOverride: false },
    });
    expect(readConfig(contextOf({})).policy).toEqual(DEFAULT_POLICY);
  });

  it('agrees with the defaults written in cdk.json', () => {
    // Act
    const fromCdkJson = readConfig(contextOf(cdkJson.context));

    // Assess
    expect(fromCdkJson).toEqual(readConfig(contextOf({})));
    for (const key of Object.keys(CONFIG_DEFAULTS)) expect(cdkJson.context).toHaveProperty(key);
  });

  it('takes JSON-typed values from cdk.json', () => {
    // Act
    const config = readConfig(
      contextOf({
        stackName: 'Mail-Prod',
        configurationSetName: 'marketing_2',
        accountSuppression: false,
        identities: ['example.com', 'noreply@example.org'],
        handlerMemorySize: 512,
        handlerTimeoutSeconds: 60,
        logRetentionDays: 365,
        bounceRateWarning: 0.01,
        bounceRateCritical: 0.03,
        complaintRateWarning: 0.0004,
        complaintRateCritical: 0.0009,
        alarmEmail: 'ops@example.com',
        deliveryMode: 'queue',
        queueMaxConcurrency: 50,
        queueBatchWindowSeconds: 0,
        queueBatchSize: 5,
        softBounceThreshold: 0,
        softBounceWindowDays: 30,
        dsnOverride: true,
        softRecordTtlDays: 90,
        suppressionTtlDays: 730,
      }),
    );

    // Assess
    expect(config).toEqual({
      stackName: 'Mail-Prod',
      configurationSetName: 'marketing_2',
      accountSuppression: false,
      identities: ['example.com', 'noreply@example.org'],
      handlerMemorySize: 512,
      handlerTimeoutSeconds: 60,
      logRetentionDays: RetentionDays.ONE_YEAR,
      reputationThresholds: { bounceRateWarning: 0.01, bounceRateCritical: 0.03, complaintRateWarning: 0.0004, complaintRateCritical: 0.0009 },
      alarmEmail: 'ops@example.com',
      deliveryMode: 'queue',
      queueMaxConcurrency: 50,
      queueBatchWindowSeconds: 0,
      queueBatchSize: 5,
      policy: { softBounceThreshold: 0, softBounceWindowDays: 30, dsnOverride: true, softRecordTtlDays: 90, suppressionTtlDays: 730 },
    });
  });

  it('takes the delivery and policy settings as `-c key=value` strings', () => {
    // Act
    const config = readConfig(
      contextOf({ deliveryMode: 'queue', queueBatchSize: '500', queueBatchWindowSeconds: '20', dsnOverride: 'true', softBounceThreshold: '4', suppressionTtlDays: '365' }),
    );

    // Assess
    expect(config).toMatchObject({ deliveryMode: 'queue', queueBatchSize: 500, queueBatchWindowSeconds: 20 });
    expect(config.policy).toEqual({ softBounceThreshold: 4, softBounceWindowDays: 7, dsnOverride: true, suppressionTtlDays: 365 });
  });

  it('takes the strings that `-c key=value` passes', () => {
    // Act
    const config = readConfig(
      contextOf({
        accountSuppression: 'false',
        identities: 'example.com, noreply@example.org',
        handlerMemorySize: '1024',
        handlerTimeoutSeconds: '45',
        logRetentionDays: '30',
        bounceRateWarning: '0.025',
        complaintRateCritical: '0.001',
        alarmEmail: 'alerts+ses@example.org',
      }),
    );

    // Assess
    expect(config).toMatchObject({
      reputationThresholds: { bounceRateWarning: 0.025, bounceRateCritical: 0.04, complaintRateWarning: 0.0005, complaintRateCritical: 0.001 },
      alarmEmail: 'alerts+ses@example.org',
      accountSuppression: false,
      identities: ['example.com', 'noreply@example.org'],
      handlerMemorySize: 1024,
      handlerTimeoutSeconds: 45,
      logRetentionDays: RetentionDays.ONE_MONTH,
    });
  });

  it('takes identities as a JSON array string, and an empty string as none', () => {
    // Act
    const fromJson = readConfig(contextOf({ identities: '["a.example.com","b@example.com"]' }));
    const empty = readConfig(contextOf({ identities: '' }));

    // Assess
    expect(fromJson.identities).toEqual(['a.example.com', 'b@example.com']);
    expect(empty.identities).toEqual([]);
  });

  it.each([
    ['configurationSetName', 'txn mail', 'configurationSetName: must be 1 to 64 letters, digits, "_" or "-" (got "txn mail")'],
    ['configurationSetName', 'x'.repeat(65), 'configurationSetName: must be 1 to 64'],
    ['configurationSetName', '', 'configurationSetName: must be 1 to 64'],
    ['stackName', '1stack', 'stackName: must start with a letter'],
    ['accountSuppression', 'yes', 'accountSuppression: must be true or false (got "yes")'],
    ['accountSuppression', 1, 'accountSuppression: must be true or false (got 1)'],
    ['identities', 'not an identity', 'identities: not an email address or domain: "not an identity"'],
    ['identities', [42], 'identities: not an email address or domain: 42'],
    ['identities', { domain: 'example.com' }, 'identities: must be a list of SES identities'],
    ['identities', '[broken', 'identities: is not a JSON array'],
    ['identities', ['example.com', 'EXAMPLE.com'], 'identities: listed more than once: EXAMPLE.com'],
    ['handlerMemorySize', 64, 'handlerMemorySize: must be an integer from 128 to 10240 (got 64)'],
    ['handlerMemorySize', '256MB', 'handlerMemorySize: must be an integer from 128 to 10240'],
    ['handlerTimeoutSeconds', 901, 'handlerTimeoutSeconds: must be an integer from 1 to 900 (got 901)'],
    ['handlerTimeoutSeconds', 1.5, 'handlerTimeoutSeconds: must be an integer from 1 to 900'],
    ['deliveryMode', 'sqs', 'deliveryMode: must be one of direct, queue (got "sqs")'],
    ['queueMaxConcurrency', 1, 'queueMaxConcurrency: must be an integer from 2 to 1000 (got 1)'],
    ['queueBatchWindowSeconds', 301, 'queueBatchWindowSeconds: must be an integer from 0 to 300 (got 301)'],
    ['queueBatchSize', 0, 'queueBatchSize: must be an integer from 1 to 10000 (got 0)'],
    ['softBounceThreshold', -1, 'softBounceThreshold must be a whole number >= 0, got -1'],
    ['softBounceThreshold', 'three', 'softBounceThreshold: must be a number (got "three")'],
    ['softBounceWindowDays', '0', 'softBounceWindowDays must be a whole number >= 1, got 0'],
    ['dsnOverride', 'on', 'dsnOverride: must be true or false (got "on")'],
    ['softRecordTtlDays', 1.5, 'softRecordTtlDays must be a whole number >= 1, got 1.5'],
    ['suppressionTtlDays', 0, 'suppressionTtlDays must be a whole number >= 1, got 0'],
    ['logRetentionDays', 10, "logRetentionDays: must be one of CloudWatch Logs' retention periods: 1, 3, 5, 7, 14, 30, 60, 90"],
    ['bounceRateWarning', 2, 'bounceRateWarning: must be a fraction between 0 and 1, exclusive (0.02 means 2%) (got 2)'],
    ['bounceRateWarning', '2%', 'bounceRateWarning: must be a fraction between 0 and 1, exclusive (0.02 means 2%) (got "2%")'],
    ['bounceRateCritical', 0, 'bounceRateCritical: must be a fraction between 0 and 1'],
    ['complaintRateWarning', -0.001, 'complaintRateWarning: must be a fraction between 0 and 1'],
    ['complaintRateCritical', '', 'complaintRateCritical: must be a fraction between 0 and 1'],
    ['bounceRateWarning', 0.05, 'bounceRateWarning: must be below bounceRateCritical (got 0.05 >= 0.04)'],
    ['complaintRateCritical', 0.0005, 'complaintRateWarning: must be below complaintRateCritical (got 0.0005 >= 0.0005)'],
    ['alarmEmail', 'ops at example.com', 'alarmEmail: must be one email address, or empty for none (got "ops at example.com")'],
    ['alarmEmail', ['ops@example.com'], 'alarmEmail: must be one email address'],
  ])('rejects %s = %j with a message naming the setting', (key, value, message) => {
    // Act
    const problems = problemsOf({ [key]: value });

    // Assess
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });

  it('takes an empty alarmEmail as no subscription', () => {
    // Act
    const config = readConfig(contextOf({ alarmEmail: '' }));

    // Assess
    expect(config.alarmEmail).toBeUndefined();
  });

  it('takes the names of a table and a configuration set to adopt, and refuses names AWS would refuse', () => {
    // Act
    const config = readConfig(contextOf({ existingSuppressionTableName: 'SesBounceGuard-Guard-SuppressionTable-1A2B3C4D', existingConfigurationSetName: 'txn-mail' }));

    // Assess
    expect(config.existingSuppressionTableName).toBe('SesBounceGuard-Guard-SuppressionTable-1A2B3C4D');
    expect(config.existingConfigurationSetName).toBe('txn-mail');
    expect(readConfig(contextOf({})).existingSuppressionTableName).toBeUndefined();
    expect(problemsOf({ existingSuppressionTableName: 'a b', existingConfigurationSetName: 'txn.mail' })).toEqual([
      'existingSuppressionTableName: must be a DynamoDB table name: 3 to 255 letters, digits, "_", "-" or "." (got "a b")',
      expect.stringMatching(/^existingConfigurationSetName: .* \(got "txn\.mail"\)$/),
    ]);
  });

  it('judges the order of thresholds only between values that were given correctly', () => {
    // Act: the bad warning would be replaced by its default 0.02, which is above this critical
    const problems = problemsOf({ bounceRateWarning: 'high', bounceRateCritical: 0.01 });

    // Assess
    expect(problems).toEqual(['bounceRateWarning: must be a fraction between 0 and 1, exclusive (0.02 means 2%) (got "high")']);
  });

  it('refuses a batch of more than 10 without a batch window', () => {
    // Act
    const problems = problemsOf({ queueBatchSize: 11, queueBatchWindowSeconds: 0 });

    // Assess
    expect(problems).toEqual(['queueBatchSize: more than 10 needs queueBatchWindowSeconds of 1 or more (SQS event source rule)']);
  });

  it('lists policy problems with the others in one error', () => {
    // Act
    const problems = problemsOf({ deliveryMode: 'fanout', softBounceThreshold: -2, suppressionTtlDays: 'forever' });

    // Assess
    expect(problems).toEqual([
      'deliveryMode: must be one of direct, queue (got "fanout")',
      'suppressionTtlDays: must be a number (got "forever")',
      'softBounceThreshold must be a whole number >= 0, got -2',
    ]);
  });

  it('lists every problem in one error', () => {
    // Act
    const act = () => readConfig(contextOf({ configurationSetName: 'bad name', accountSuppression: 'maybe', handlerMemorySize: 0 }));

    // Assess
    expect(act).toThrow(InvalidConfigError);
    expect(act).toThrow(
      [
        'Invalid cdk.json context (3 problems):',
        '  - configurationSetName: must be 1 to 64 letters, digits, "_" or "-" (got "bad name")',
        '  - accountSuppression: must be true or false (got "maybe")',
        '  - handlerMemorySize: must be an integer from 128 to 10240 (got 0)',
      ].join('\n'),
    );
  });
});
