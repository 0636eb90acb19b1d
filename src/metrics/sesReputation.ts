/**
 * The SES reputation metrics the stack's alarms watch and the smoke test looks for, spelled once:
 * namespace `AWS/SES`, `Reputation.BounceRate` and `Reputation.ComplaintRate`, at account level (no
 * dimension) and per configuration set (dimension `ses:configuration-set`) when the set's
 * reputation metrics are on.
 * https://docs.aws.amazon.com/ses/latest/dg/reputationdashboard-cloudwatch-alarm.html
 */
const SES_NAMESPACE = 'AWS/SES';

/** The SES reputation metrics this stack watches. */
const ReputationMetricName = {
  BOUNCE_RATE: 'Reputation.BounceRate',
  COMPLAINT_RATE: 'Reputation.ComplaintRate',
} as const;
type ReputationMetricName = (typeof ReputationMetricName)[keyof typeof ReputationMetricName];

/** The dimension SES puts on a configuration set's reputation metrics. */
const CONFIGURATION_SET_DIMENSION = 'ses:configuration-set';

/** One CloudWatch metric by its full identity, as ListMetrics returns it. */
interface MetricIdentity {
  readonly namespace: string;
  readonly metricName: ReputationMetricName;
  /** Exactly these dimensions: CloudWatch matches a metric by its whole dimension set. */
  readonly dimensions: readonly { readonly name: string; readonly value: string }[];
}

/**
 * The four reputation metrics the alarms watch: both rates for the account and for the
 * configuration set.
 *
 * @param configurationSetName - the stack's configuration set
 */
function reputationMetricIdentities(configurationSetName: string): MetricIdentity[] {
  return Object.values(ReputationMetricName).flatMap((metricName) => [
    { namespace: SES_NAMESPACE, metricName, dimensions: [] },
    { namespace: SES_NAMESPACE, metricName, dimensions: [{ name: CONFIGURATION_SET_DIMENSION, value: configurationSetName }] },
  ]);
}

export type { MetricIdentity };
export { CONFIGURATION_SET_DIMENSION, ReputationMetricName, reputationMetricIdentities, SES_NAMESPACE };
