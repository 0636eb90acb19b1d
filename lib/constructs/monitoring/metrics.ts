import { Duration } from 'aws-cdk-lib';
import { Metric, Stats } from 'aws-cdk-lib/aws-cloudwatch';
import { METRICS_NAMESPACE, METRICS_SERVICE, type MetricName, REASON_DIMENSION, SERVICE_DIMENSION } from '../../../src/metrics/metricNames';
import { CONFIGURATION_SET_DIMENSION, ReputationMetricName, SES_NAMESPACE } from '../../../src/metrics/sesReputation';

/**
 * SES computes its rates over a representative volume of recent mail, not over a clock window, and
 * publishes data points only now and then (hours apart for a low-volume sender). An hour-long
 * period therefore holds at most a few points, averaging them costs nothing, and shorter periods
 * would mostly be empty.
 */
const REPUTATION_PERIOD = Duration.hours(1);

/** The handler's metrics: counts per invocation, summed over five minutes. */
const PIPELINE_PERIOD = Duration.minutes(5);

/**
 * An SES reputation rate (a fraction between 0 and 1), averaged over {@link REPUTATION_PERIOD}.
 *
 * @param configurationSetName - the configuration set to read it for; omitted, the account's rate
 */
function reputationMetric(metricName: ReputationMetricName, configurationSetName?: string): Metric {
  return new Metric({
    namespace: SES_NAMESPACE,
    metricName,
    ...(configurationSetName === undefined ? {} : { dimensionsMap: { [CONFIGURATION_SET_DIMENSION]: configurationSetName } }),
    statistic: Stats.AVERAGE,
    period: REPUTATION_PERIOD,
  });
}

/**
 * One of the counters the handler emits in Embedded Metric Format, summed over
 * {@link PIPELINE_PERIOD}. The dimensions must be exactly the set the handler emits the metric
 * with: CloudWatch matches a metric by its whole dimension set.
 *
 * @param reason - a suppression reason, for the per-reason series of `Suppressions` and `SoftRecords`
 */
function handlerMetric(metricName: MetricName, reason?: string): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { [SERVICE_DIMENSION]: METRICS_SERVICE, ...(reason === undefined ? {} : { [REASON_DIMENSION]: reason }) },
    statistic: Stats.SUM,
    period: PIPELINE_PERIOD,
  });
}

export { CONFIGURATION_SET_DIMENSION, handlerMetric, PIPELINE_PERIOD, REPUTATION_PERIOD, ReputationMetricName, reputationMetric };
