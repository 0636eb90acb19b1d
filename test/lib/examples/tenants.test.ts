import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConfigurationSet } from 'aws-cdk-lib/aws-ses';
import { describe, expect, it } from 'vitest';
import { tenantsApp } from '../../../examples/tenants/tenantsApp';
import { SesBounceGuard } from '../../../lib/SesBounceGuard';
import { InvalidPropsError } from '../../../lib/validation/InvalidPropsError';
import { logicalIdOf, ref } from '../../helpers/cdk';

type Resource = { Type: string; Properties: Record<string, unknown> };

function synthesize() {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = tenantsApp(app);
  const resources = Template.fromStack(stack).toJSON().Resources as Record<string, Resource>;
  const ofType = (type: string) => Object.values(resources).filter((resource) => resource.Type === type);
  return { stack, resources, ofType };
}

describe('Example: tenants (two configuration sets on one topic)', () => {
  it("creates the first and tenant A's set, adopts tenant B's, and gives all three a destination on the one topic", () => {
    // Act
    const { stack, ofType } = synthesize();

    // Assess
    const topic = ref(stack.guard.eventPipeline.topic);
    expect(ofType('AWS::SES::ConfigurationSet').map((set) => set.Properties)).toEqual([
      { Name: 'platform-mail', ReputationOptions: { ReputationMetricsEnabled: true }, SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] } },
      { Name: 'tenant-a', ReputationOptions: { ReputationMetricsEnabled: true }, SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] } },
    ]);
    const destinations = ofType('AWS::SES::ConfigurationSetEventDestination').map((resource) => resource.Properties);
    expect(destinations.map((d) => [d.ConfigurationSetName, (d.EventDestination as Record<string, unknown>).SnsDestination])).toEqual([
      [ref(stack.guard.eventPipeline.configurationSet), { TopicARN: topic }],
      [ref(stack.guard.eventPipeline.additionalConfigurationSets[0] as IConfigurationSet), { TopicARN: topic }],
      ['tenant-b', { TopicARN: topic }],
    ]);
    for (const destination of destinations) {
      expect((destination.EventDestination as Record<string, unknown>).MatchingEventTypes).toEqual(['bounce', 'complaint']);
    }
    expect(ofType('AWS::SNS::Topic')).toHaveLength(2); // the event topic and the alarm topic
  });

  it("hands the handler every set's name, the stack's own first", () => {
    // Act
    const { stack, resources } = synthesize();

    // Assess
    const handler = stack.guard.bounceHandler!.function;
    const variables = (resources[logicalIdOf(handler)]!.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables.CONFIGURATION_SET_NAME).toEqual({ 'Fn::Join': ['', [ref(stack.guard.eventPipeline.configurationSet), ',tenant-a,tenant-b']] });
  });

  it('watches the reputation of each set it created, not of the adopted one', () => {
    // Act
    const { stack, resources } = synthesize();

    // Assess
    const dimensionOf = (id: string) => {
      const alarm = stack.guard.monitoring.reputationAlarms[id];
      if (alarm === undefined) return undefined;
      return resources[logicalIdOf(alarm)]?.Properties.Dimensions;
    };
    for (const rate of ['BounceRateWarning', 'BounceRateCritical', 'ComplaintRateWarning', 'ComplaintRateCritical']) {
      expect(dimensionOf(`ConfigurationSet${rate}`)).toEqual([{ Name: 'ses:configuration-set', Value: 'platform-mail' }]);
      expect(dimensionOf(`ConfigurationSet${rate}-tenant-a`)).toEqual([{ Name: 'ses:configuration-set', Value: 'tenant-a' }]);
      expect(dimensionOf(`ConfigurationSet${rate}-tenant-b`)).toBeUndefined();
    }
    // The critical ones mail their OK, as the first set's do.
    const critical = resources[logicalIdOf(stack.guard.monitoring.reputationAlarms['ConfigurationSetBounceRateCritical-tenant-a'] as never)];
    expect(critical?.Properties.OKActions).toEqual([ref(stack.guard.monitoring.alarmTopic.topic)]);
  });

  it('refuses a set named twice and a bad name, in one error', () => {
    // Prepare
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Refused');
    let problems: readonly string[] = [];

    // Act
    try {
      new SesBounceGuard(stack, 'Guard', { additionalConfigurationSets: [{ configurationSetName: 'txn-mail' }, { configurationSetName: 'a b' }] });
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidPropsError);
      problems = (error as InvalidPropsError).problems;
    }

    // Assess
    expect(problems).toEqual([
      'configuration set name "a b" must be 1 to 64 letters, digits, "_" or "-"',
      'additionalConfigurationSets: configuration set listed more than once: txn-mail',
    ]);
  });
});
