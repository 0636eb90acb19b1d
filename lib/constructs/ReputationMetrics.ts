import { type CustomResource, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { GuardResourceType } from '../../src/customResources/resourceTypes';
import type { GuardResourceProvider } from './GuardResourceProvider';

/** Properties of a {@link ReputationMetrics}. */
interface ReputationMetricsProps {
  /** The construct's custom-resource provider, which makes the calls. */
  readonly provider: GuardResourceProvider;
  /** The adopted configuration set. */
  readonly configurationSetName: string;
}

/**
 * Turns on the reputation metrics of an adopted configuration set
 * (`PutConfigurationSetReputationOptions`), which its two configuration-set alarms watch: without
 * them SES publishes no per-set rate and those alarms stay INSUFFICIENT_DATA forever. What it
 * found (`GetConfigurationSet`) is restored when the resource goes (stack deleted, set no longer
 * adopted): the set stays the owner's, as it was. Turning the metrics on costs nothing and changes
 * no mail. See docs/construct.md, "Adopting a configuration set".
 */
class ReputationMetrics extends Construct {
  /** The custom resource that makes the calls. */
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: ReputationMetricsProps) {
    super(scope, id);
    const configurationSetArn = Stack.of(this).formatArn({ service: 'ses', resource: 'configuration-set', resourceName: props.configurationSetName });
    this.resource = props.provider.resource(this, 'Resource', GuardResourceType.REPUTATION_METRICS, { ConfigurationSetName: props.configurationSetName }, [
      new PolicyStatement({ actions: ['ses:GetConfigurationSet', 'ses:PutConfigurationSetReputationOptions'], resources: [configurationSetArn] }),
    ]);
  }
}

export type { ReputationMetricsProps };
export { ReputationMetrics };
