import { Duration, Stack } from 'aws-cdk-lib';
import { Metric, Stats } from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import {
  DEPLOYMENT_DIMENSION,
  METRICS_NAMESPACE,
  METRICS_SERVICE,
  type MetricName,
  REASON_DIMENSION,
  SERVICE_DIMENSION,
} from '../../../src/metrics/metricNames';
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
 * The `Deployment` dimension's value for a guard: its stack's name and its path in the stack, e.g.
 * `Mail-Prod/Guard`. Two stacks in one account and region (staging and production) differ in the
 * stack name, two guards in one stack in the path. Renaming or moving the guard changes it: its
 * alarms then start on a new series (nothing is lost but the graphs' history).
 *
 * @param guard - the construct whose metrics these are
 */
function deploymentDimensionValue(guard: Construct): string {
  const stack = Stack.of(guard);
  const inStack = guard.node.scopes.slice(guard.node.scopes.indexOf(stack) + 1).map((scope) => scope.node.id);
  return [stack.stackName, ...inStack].join('/');
}

/**
 * One of the counters the handler emits in Embedded Metric Format, summed over
 * {@link PIPELINE_PERIOD}. The dimensions must be exactly the set the handler emits the metric
 * with: CloudWatch matches a metric by its whole dimension set.
 *
 * @param deployment - the `Deployment` dimension (see {@link deploymentDimensionValue}): only this deployment's data
 * @param reason - a suppression reason, for the per-reason series of `Suppressions` and `SoftRecords`
 */
function handlerMetric(deployment: string, metricName: MetricName, reason?: string): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: {
      [SERVICE_DIMENSION]: METRICS_SERVICE,
      [DEPLOYMENT_DIMENSION]: deployment,
      ...(reason === undefined ? {} : { [REASON_DIMENSION]: reason }),
    },
    statistic: Stats.SUM,
    period: PIPELINE_PERIOD,
  });
}

export { CONFIGURATION_SET_DIMENSION, deploymentDimensionValue, handlerMetric, PIPELINE_PERIOD, REPUTATION_PERIOD, ReputationMetricName, reputationMetric };
