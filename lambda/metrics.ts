import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, METRICS_SERVICE, MetricName, REASON_DIMENSION } from '../src/metrics/metricNames';
import { type BatchSummary, total } from './summarize';

const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });

/**
 * Emits one invocation's counts as CloudWatch Embedded Metric Format on stdout. Every counter is
 * emitted, zeros included, so that alarms see data rather than gaps while the pipeline is healthy.
 */
function publishMetrics(summary: BatchSummary): void {
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
}

export { publishMetrics };
