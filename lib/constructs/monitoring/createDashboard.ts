import { type Alarm, AlarmStatusWidget, Color, Dashboard, GraphWidget, type HorizontalAnnotation, Stats } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { HANDLER_REASONS } from '../../../src/domain/constants';
import { MetricName } from '../../../src/metrics/metricNames';
import type { WatchedDeadLetterQueue } from './createPipelineAlarms';
import { percent } from './createReputationAlarms';
import { handlerMetric, PIPELINE_PERIOD, ReputationMetricName, reputationMetric } from './metrics';
import type { ReputationThresholds } from './reputationThresholds';

/** What {@link createDashboard} shows. */
interface DashboardOptions {
  readonly configurationSetName: string;
  /** Drawn as horizontal lines on the rate graphs. */
  readonly thresholds: Required<ReputationThresholds>;
  /** The bounce handler; `undefined` with an external receiver (no handler widgets). */
  readonly handler: IFunction | undefined;
  /** The `Deployment` dimension of the handler's own metrics. */
  readonly deployment: string;
  readonly deadLetterQueues: readonly WatchedDeadLetterQueue[];
  readonly queue?: IQueue;
  /** Shown in an alarm status widget at the top. */
  readonly alarms: readonly Alarm[];
}

const WIDE = 24;
const HALF = 12;

/**
 * One dashboard with, from the top: every alarm's state; the bounce and complaint rates of the
 * account and the configuration set with the warning and critical thresholds drawn; suppressions by
 * reason, soft records by reason, and the handler's other counters; handler errors and throttles; dead-letter queue depth
 * (and the queue's oldest message, when there is a queue).
 */
function createDashboard(scope: Construct, id: string, options: DashboardOptions): Dashboard {
  const { thresholds, configurationSetName, handler } = options;
  const rateGraph = (title: string, metricName: ReputationMetricName, warning: number, critical: number) =>
    new GraphWidget({
      title,
      width: HALF,
      left: [
        reputationMetric(metricName).with({ label: 'account' }),
        reputationMetric(metricName, configurationSetName).with({ label: `configuration set ${configurationSetName}` }),
      ],
      leftAnnotations: [annotation('warning', warning, Color.ORANGE), annotation('critical', critical, Color.RED)],
      // Starting at 0 keeps the threshold lines in view while the rates are far below them.
      leftYAxis: { min: 0, showUnits: false, label: 'fraction (0.01 = 1%)' },
    });

  const dashboard = new Dashboard(scope, id);
  dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms: [...options.alarms], width: WIDE, height: 4 }));
  dashboard.addWidgets(
    rateGraph('SES bounce rate', ReputationMetricName.BOUNCE_RATE, thresholds.bounceRateWarning, thresholds.bounceRateCritical),
    rateGraph('SES complaint rate', ReputationMetricName.COMPLAINT_RATE, thresholds.complaintRateWarning, thresholds.complaintRateCritical),
  );
  dashboard.addWidgets(
    new GraphWidget({
      title: 'Suppressions by reason',
      width: HALF,
      stacked: true,
      // Only the reasons the handler emits (manual is the CLI's): a line that can never have data
      // reads as a broken metric.
      left: HANDLER_REASONS.suppressed.map((reason) => handlerMetric(options.deployment, MetricName.SUPPRESSIONS, reason).with({ label: reason })),
    }),
    new GraphWidget({
      title: 'Soft records by reason',
      width: HALF,
      stacked: true,
      left: HANDLER_REASONS.soft.map((reason) => handlerMetric(options.deployment, MetricName.SOFT_RECORDS, reason).with({ label: reason })),
    }),
    new GraphWidget({
      title: 'Handler outcomes',
      width: HALF,
      left: [
        MetricName.SOFT_RECORDS,
        MetricName.DUPLICATES,
        MetricName.IGNORED,
        MetricName.REJECTED,
        MetricName.INVALID_RECIPIENTS,
        MetricName.FAILED_RECORDS,
      ].map((name) => handlerMetric(options.deployment, name).with({ label: name })),
    }),
  );
  dashboard.addWidgets(
    ...(handler === undefined
      ? []
      : [
          new GraphWidget({
            title: 'Handler errors and throttles',
            width: HALF,
            left: [
              handler.metricErrors({ period: PIPELINE_PERIOD, statistic: Stats.SUM, label: 'Errors' }),
              handler.metricThrottles({ period: PIPELINE_PERIOD, statistic: Stats.SUM, label: 'Throttles' }),
            ],
            right: [handler.metricInvocations({ period: PIPELINE_PERIOD, statistic: Stats.SUM, label: 'Invocations' })],
          }),
        ]),
    new GraphWidget({
      title: 'Dead-letter queue depth',
      width: HALF,
      left: options.deadLetterQueues.map(({ id: queueId, queue }) =>
        queue.metricApproximateNumberOfMessagesVisible({ period: PIPELINE_PERIOD, statistic: Stats.MAXIMUM, label: queueId }),
      ),
      ...(options.queue === undefined
        ? {}
        : {
            right: [
              options.queue.metricApproximateAgeOfOldestMessage({ period: PIPELINE_PERIOD, statistic: Stats.MAXIMUM, label: 'Queue: oldest message (s)' }),
            ],
          }),
    }),
  );
  return dashboard;
}

function annotation(level: string, value: number, color: string): HorizontalAnnotation {
  return { label: `${level} ${percent(value)}`, value, color };
}

export type { DashboardOptions };
export { createDashboard };
