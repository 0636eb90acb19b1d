import { Duration } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from '../../../lib/config/errors';
import { readAppContext } from '../../../lib/config/readAppContext';

function problemsOf(context: Record<string, unknown>, fileContext: Record<string, unknown> = {}): readonly string[] {
  try {
    readAppContext(context, fileContext);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidConfigError);
    return (error as InvalidConfigError).problems;
  }
  throw new Error('readAppContext accepted the context');
}

describe('Function: readAppContext', () => {
  it("passes nothing on when nothing is set, so that every default is the construct's", () => {
    // Act
    const read = readAppContext({});

    // Assess
    expect(read).toEqual({ stackName: undefined, guard: {} });
  });

  it("ignores CDK's own context keys", () => {
    // Act
    const read = readAppContext({
      '@aws-cdk/core:newStyleStackSynthesis': true,
      'aws:cdk:enable-path-metadata': true,
      'acknowledged-issue-numbers': [123],
      'availability-zones:account=1:region=x': ['a'],
    });

    // Assess
    expect(read.guard).toEqual({});
  });

  it("takes JSON-typed values from cdk.json into the construct's props", () => {
    // Prepare
    const context = {
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
      existingSuppressionTableName: 'suppressions-v1',
      applicationEvents: true,
      softRecordEvents: true,
      webhookUrl: 'https://hooks.example.com/ses',
    };

    // Act
    const read = readAppContext(context, context);

    // Assess
    expect(read.stackName).toBe('Mail-Prod');
    expect(read.guard).toEqual({
      configurationSetProps: { configurationSetName: 'marketing_2' },
      accountSuppression: false,
      identities: ['example.com', 'noreply@example.org'],
      handlerMemorySize: 512,
      handlerTimeout: Duration.seconds(60),
      logRetention: RetentionDays.ONE_YEAR,
      reputationThresholds: { bounceRateWarning: 0.01, bounceRateCritical: 0.03, complaintRateWarning: 0.0004, complaintRateCritical: 0.0009 },
      existingSuppressionTableName: 'suppressions-v1',
      alarmEmail: 'ops@example.com',
      deliveryMode: 'queue',
      queueOptions: { maxConcurrency: 50, batchWindow: Duration.seconds(0), batchSize: 5 },
      policy: { softBounceThreshold: 0, softBounceWindowDays: 30, dsnOverride: true, softRecordTtlDays: 90, suppressionTtlDays: 730 },
      applicationEvents: { enabled: true, softRecordEvents: true, webhookUrl: 'https://hooks.example.com/ses' },
    });
  });

  it('takes the strings that `-c key=value` passes, and only the keys given', () => {
    // Act
    const read = readAppContext({
      accountSuppression: 'false',
      identities: 'example.com, noreply@example.org',
      handlerMemorySize: '1024',
      logRetentionDays: '30',
      bounceRateWarning: '0.025',
      queueBatchSize: '500',
      softBounceThreshold: '4',
      existingConfigurationSetName: 'shared-set',
    });

    // Assess
    expect(read.guard).toEqual({
      accountSuppression: false,
      identities: ['example.com', 'noreply@example.org'],
      handlerMemorySize: 1024,
      logRetention: RetentionDays.ONE_MONTH,
      reputationThresholds: { bounceRateWarning: 0.025 },
      queueOptions: { batchSize: 500 },
      policy: { softBounceThreshold: 4 },
      existingConfigurationSetName: 'shared-set',
    });
  });

  it('takes identities as a JSON array string, and an empty string as none', () => {
    expect(readAppContext({ identities: '["a.example.com"]' }).guard.identities).toEqual(['a.example.com']);
    expect(readAppContext({ identities: '' }).guard.identities).toEqual([]);
  });

  it('takes an empty alarmEmail as no subscription', () => {
    expect(readAppContext({ alarmEmail: '' }).guard).toEqual({});
  });

  it.each([
    ['stackName', '1stack', 'must start with a letter'],
    ['configurationSetName', 'has space', 'must be 1 to 64 letters'],
    ['existingSuppressionTableName', 'ab', 'must be 3 to 255'],
    ['accountSuppression', 'yes', 'must be true or false'],
    ['identities', 'not an identity', 'not an email address or domain'],
    ['identities', '[oops', 'is not a JSON array'],
    ['identities', 'a.com,A.com', 'listed more than once'],
    ['handlerMemorySize', '64', 'must be an integer from 128 to 10240'],
    ['handlerTimeoutSeconds', 1.5, 'must be an integer from 1 to 900'],
    ['logRetentionDays', 42, "must be one of CloudWatch Logs' retention periods"],
    ['bounceRateWarning', 2, 'must be a fraction between 0 and 1'],
    ['alarmEmail', 'ops', 'must be one email address'],
    ['deliveryMode', 'fast', 'must be one of direct, queue'],
    ['queueMaxConcurrency', 1, 'must be an integer from 2 to 1000'],
    ['dsnOverride', 1, 'must be true or false'],
    ['softBounceThreshold', -1, 'must be an integer from 0 to 1000'],
    ['suppressionTtlDays', 0, 'must be an integer from 1 to 36500'],
    ['webhookUrl', 'http://hooks.example.com', 'must be an https:// URL'],
    ['webhookUrl', 'https://user:pw@hooks.example.com', 'must not carry credentials'],
    ['softRecordEvents', 'maybe', 'must be true or false'],
  ])('refuses %s = %j', (key, value, message) => {
    // Act
    const problems = problemsOf({ [key]: value });

    // Assess
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(key);
    expect(problems[0]).toContain(message);
  });

  it('says whether a bad value came from cdk.json or from -c on the command line', () => {
    // Act
    const problems = problemsOf({ handlerMemorySize: 'big', deliveryMode: 'fast' }, { handlerMemorySize: 'big', deliveryMode: 'direct' });

    // Assess
    expect(problems).toEqual([
      'handlerMemorySize (from cdk.json): must be an integer from 128 to 10240 (got "big")',
      'deliveryMode (from the command line (-c)): must be one of direct, queue (got "fast")',
    ]);
  });

  it('refuses an unknown setting with the nearest known one', () => {
    // Act
    const problems = problemsOf({ deliverymode: 'queue', softBounceTreshold: 2, somethingElseEntirely: 1 });

    // Assess
    expect(problems[0]).toBe('deliverymode (from the command line (-c)): unknown setting; did you mean "deliveryMode"?');
    expect(problems[1]).toContain('did you mean "softBounceThreshold"?');
    expect(problems[2]).toContain('unknown setting; the settings are: stackName, configurationSetName');
  });

  it('refuses a configuration set to create and one to adopt together', () => {
    expect(problemsOf({ configurationSetName: 'a', existingConfigurationSetName: 'b' })).toEqual([
      'configurationSetName and existingConfigurationSetName: set one, the name of the set to create or of the set to adopt',
    ]);
  });

  it('lists every problem in one error', () => {
    // Act
    const read = () => readAppContext({ handlerMemorySize: 'x', deliveryMode: 'y', bogus: 1 });

    // Assess
    expect(read).toThrow(InvalidConfigError);
    expect(read).toThrow(/3 problems/);
  });
});

describe('Function: readAppContext, external receivers', () => {
  it('takes subscriberUrl as an HTTPS subscriber and queueConsumer as the queue consumer', () => {
    // Act
    const { guard } = readAppContext({ subscriberUrl: 'https://mail.example.com/sns', deliveryMode: 'queue', queueConsumer: 'external' });

    // Assess
    expect(guard.subscriber).toEqual({ kind: 'https', url: 'https://mail.example.com/sns' });
    expect(guard.queueOptions).toEqual({ consumer: 'external' });
  });

  it('refuses an http:// subscriber and an unknown consumer', () => {
    // Act
    const read = () => readAppContext({ subscriberUrl: 'http://mail.example.com/', queueConsumer: 'lambda' });

    // Assess
    expect(read).toThrow(/subscriberUrl \(from the command line \(-c\)\): must be an https:\/\/ URL/);
    expect(read).toThrow(/queueConsumer \(from the command line \(-c\)\): must be function or external/);
  });
});
