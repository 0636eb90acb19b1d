import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DEPLOYMENT_DIMENSION, METRICS_NAMESPACE, METRICS_SERVICE, MetricName, REASON_DIMENSION } from '../../src/metrics/metricNames';
import { type BatchSummary, total } from './summarize';

/**
 * A publisher of one deployment's counts: every metric carries the `Deployment` dimension (a
 * default dimension, which Powertools adds to single metrics too), so that two guards in one
 * account and region never see each other's data.
 *
 * @param deployment - the value of the `Deployment` dimension (the function's `DEPLOYMENT`)
 */
function createMetricsPublisher(deployment: string): (summary: BatchSummary) => void {
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE, defaultDimensions: { [DEPLOYMENT_DIMENSION]: deployment } });
  /**
   * Emits one invocation's counts as CloudWatch Embedded Metric Format on stdout. Every counter is
   * emitted, zeros included, so that alarms see data rather than gaps while the pipeline is healthy.
   */
  return function publishMetrics(summary: BatchSummary): void {
    metrics.addMetric(MetricName.SUPPRESSIONS, MetricUnit.Count, total(summary.suppressedByReason));
    metrics.addMetric(MetricName.SOFT_RECORDS, MetricUnit.Count, total(summary.softByReason));
    metrics.addMetric(MetricName.DUPLICATES, MetricUnit.Count, summary.duplicates);
    metrics.addMetric(MetricName.IGNORED, MetricUnit.Count, summary.ignored);
    metrics.addMetric(MetricName.REJECTED, MetricUnit.Count, summary.rejected);
    metrics.addMetric(MetricName.INVALID_RECIPIENTS, MetricUnit.Count, summary.invalidRecipients);
    metrics.addMetric(MetricName.CLAMPED_EVENT_TIMES, MetricUnit.Count, summary.clampedTimes);
    metrics.addMetric(MetricName.FAILED_RECORDS, MetricUnit.Count, summary.failed);
    metrics.publishStoredMetrics();
    for (const [name, counts] of [
      [MetricName.SUPPRESSIONS, summary.suppressedByReason],
      [MetricName.SOFT_RECORDS, summary.softByReason],
    ] as const) {
      for (const [reason, count] of Object.entries(counts)) {
        metrics.singleMetric().addDimension(REASON_DIMENSION, reason).addMetric(name, MetricUnit.Count, count);
      }
    }
  };
}

export { createMetricsPublisher };
