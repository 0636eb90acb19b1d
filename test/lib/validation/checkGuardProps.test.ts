import { App, CfnResource, Duration, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { readAppContext } from '../../../lib/config/readAppContext';
import { DeliveryMode } from '../../../lib/constructs/constants';
import { SesBounceGuard, type SesBounceGuardProps } from '../../../lib/SesBounceGuard';
import { InvalidPropsError } from '../../../lib/validation/InvalidPropsError';

function stackWithoutBundling(): Stack {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  return new Stack(app, 'Consumer', { env: { account: '123456789012', region: 'eu-west-1' } });
}

/** The construct's problems for the props, and that it left nothing in the stack. */
function problemsOf(props: SesBounceGuardProps): readonly string[] {
  const stack = stackWithoutBundling();
  let problems: readonly string[] | undefined;
  try {
    new SesBounceGuard(stack, 'Guard', props);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidPropsError);
    problems = (error as InvalidPropsError).problems;
  }
  if (problems === undefined) throw new Error('SesBounceGuard accepted the props');
  // Refused before any resource was added.
  expect(stack.node.findAll().filter((construct) => construct instanceof CfnResource)).toEqual([]);
  return problems;
}

/** What the standalone app refuses, the construct refuses: one case per value, with the context key that says the same. */
const CASES: readonly { name: string; props: SesBounceGuardProps; context: Record<string, unknown>; problem: string }[] = [
  {
    name: 'an alarm email that is not one',
    props: { alarmEmail: 'not-an-email' },
    context: { alarmEmail: 'not-an-email' },
    problem: 'alarmEmail "not-an-email" must be one email address',
  },
  {
    name: 'a table name with a space',
    props: { existingSuppressionTableName: 'a b' },
    context: { existingSuppressionTableName: 'a b' },
    problem: 'existingSuppressionTableName "a b" must be 3 to 255 letters, digits, "_", "-" or "."',
  },
  {
    name: 'a configuration set name with a space',
    props: { configurationSetProps: { configurationSetName: 'a b' } },
    context: { configurationSetName: 'a b' },
    problem: 'configuration set name "a b" must be 1 to 64 letters, digits, "_" or "-"',
  },
  {
    name: '64 MB of memory',
    props: { handlerMemorySize: 64 },
    context: { handlerMemorySize: 64 },
    problem: 'handlerMemorySize: must be an integer from 128 to 10240',
  },
  {
    name: 'more memory than Lambda has',
    props: { handlerMemorySize: 10_241 },
    context: { handlerMemorySize: 10_241 },
    problem: 'handlerMemorySize: must be an integer from 128 to 10240',
  },
  {
    name: 'a 20-minute timeout',
    props: { handlerTimeout: Duration.minutes(20) },
    context: { handlerTimeoutSeconds: 1200 },
    problem: 'handlerTimeout (seconds): must be an integer from 1 to 900',
  },
  {
    name: 'maxConcurrency 1',
    props: { deliveryMode: DeliveryMode.QUEUE, queueOptions: { maxConcurrency: 1 } },
    context: { queueMaxConcurrency: 1 },
    problem: 'queueOptions.maxConcurrency: must be an integer from 2 to 1000',
  },
  {
    name: 'a batch window over 300 s',
    props: { deliveryMode: DeliveryMode.QUEUE, queueOptions: { batchWindow: Duration.seconds(301) } },
    context: { queueBatchWindowSeconds: 301 },
    problem: 'queueOptions.batchWindow (seconds): must be an integer from 0 to 300',
  },
  {
    name: 'a batch size of 0',
    props: { deliveryMode: DeliveryMode.QUEUE, queueOptions: { batchSize: 0 } },
    context: { queueBatchSize: 0 },
    problem: 'queueOptions.batchSize: must be an integer from 1 to 10000',
  },
  {
    name: 'the same identity twice',
    props: { identities: ['example.com', 'EXAMPLE.com'] },
    context: { identities: ['example.com', 'EXAMPLE.com'] },
    problem: 'identities: listed more than once: EXAMPLE.com',
  },
  {
    name: 'an identity that is neither address nor domain',
    props: { identities: ['not an identity'] },
    context: { identities: ['not an identity'] },
    problem: 'identities: not an email address or domain: "not an identity"',
  },
  {
    name: 'a threshold that is not a fraction',
    props: { reputationThresholds: { bounceRateCritical: 4 } },
    context: { bounceRateCritical: 4 },
    problem: 'bounceRateCritical: must be a fraction between 0 and 1, exclusive (0.02 means 2%) (got 4)',
  },
  {
    name: 'a soft-bounce threshold over 1000',
    props: { policy: { softBounceThreshold: 1001 } },
    context: { softBounceThreshold: 1001 },
    problem: 'policy.softBounceThreshold: must be an integer from 0 to 1000',
  },
  {
    name: 'a soft-bounce window of 0 days',
    props: { policy: { softBounceWindowDays: 0 } },
    context: { softBounceWindowDays: 0 },
    problem: 'softBounceWindowDays must be a whole number >= 1, got 0',
  },
  {
    name: 'a suppression expiry over 100 years',
    props: { policy: { suppressionTtlDays: 36_501 } },
    context: { suppressionTtlDays: 36_501 },
    problem: 'policy.suppressionTtlDays: must be an integer from 1 to 36500',
  },
];

describe('Function: checkGuardProps', () => {
  it.each(CASES)('refuses $name, as the standalone app does', ({ props, context, problem }) => {
    // Act
    const problems = problemsOf(props);

    // Assess
    expect(problems).toEqual([problem]);
    expect(() => readAppContext(context)).toThrow();
  });

  it('lists every problem of the props in one error', () => {
    // Act
    const problems = problemsOf({
      alarmEmail: 'x',
      handlerMemorySize: 64,
      handlerTimeout: Duration.minutes(20),
      identities: ['a.com', 'a.com'],
      suppressionTableProps: { tableName: 'a b' },
    });

    // Assess
    expect(problems).toEqual([
      'suppressionTableProps.tableName "a b" must be 3 to 255 letters, digits, "_", "-" or "."',
      'alarmEmail "x" must be one email address',
      'identities: listed more than once: a.com',
      'handlerMemorySize: must be an integer from 128 to 10240',
      'handlerTimeout (seconds): must be an integer from 1 to 900',
    ]);
  });

  it('accepts the bounds themselves', () => {
    // Prepare
    const stack = stackWithoutBundling();

    // Act
    const build = () =>
      new SesBounceGuard(stack, 'Guard', {
        handlerMemorySize: 10_240,
        handlerTimeout: Duration.seconds(900),
        deliveryMode: DeliveryMode.QUEUE,
        queueOptions: { maxConcurrency: 2, batchWindow: Duration.seconds(300), batchSize: 10_000 },
        alarmEmail: 'ops@example.com',
      });

    // Assess
    expect(build).not.toThrow();
  });
});
