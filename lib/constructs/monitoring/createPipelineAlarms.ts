import type { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type Metric, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { MetricName } from '../../../src/metrics/metricNames';
import { handlerMetric, PIPELINE_PERIOD } from './metrics';
import { runbookLink } from './runbook';

/** A dead-letter queue to watch. */
interface WatchedDeadLetterQueue {
  /** Construct id of its alarm, and its name on the dashboard, e.g. `ProcessingDeadLetterQueue`. */
  readonly id: string;
  /** What lands in it, for the alarm description. */
  readonly description: string;
  /** The queue. */
  readonly queue: IQueue;
}

/** What {@link createPipelineAlarms} needs. */
interface PipelineAlarmsOptions {
  /**
   * The bounce handler; `undefined` when the events go to a receiver of the user's own (an HTTPS
   * endpoint, a worker on the queue), whose health is its own to watch: then only the queues are.
   */
  readonly handler: IFunction | undefined;
  /** The `Deployment` dimension of the handler's own metrics. */
  readonly deployment: string;
  /** Every dead-letter queue of the pipeline. */
  readonly deadLetterQueues: readonly WatchedDeadLetterQueue[];
  /** The queue between the topic and the handler, when there is one. */
  readonly queue?: IQueue;
  /** Age of the queue's oldest message that raises the alarm. */
  readonly queueAgeThreshold: Duration;
  /** The absolute URL of the docs folder that holds the runbook. */
  readonly runbookBaseUrl: string;
}

/**
 * Alarms on the pipeline itself, every one on a five-minute period with missing data not
 * breaching (an idle pipeline emits nothing and is healthy):
 *
 * - `HandlerErrors`, `HandlerThrottles`: any in five minutes. An error is retried, but it means an
 *   event is not recorded yet and may end in a dead-letter queue.
 * - one per dead-letter queue: any visible message. Each is an event that was never recorded.
 * - `RejectedMessages`: any. Something delivers to the function what the stack's topic and
 *   configuration set did not send: a misconfiguration or a forgery attempt.
 * - `FailedRecords`: failures in three consecutive periods. A single failure is retried and usually
 *   heals (a DynamoDB blip); fifteen minutes of them means the writes are broken.
 * - `QueueOldestMessageAge`, only with a queue: the oldest message is older than the threshold, so
 *   the handler is not keeping up or not consuming.
 *
 * @returns the alarms by construct id
 */
function createPipelineAlarms(scope: Construct, options: PipelineAlarmsOptions): Record<string, Alarm> {
  const alarms: Record<string, Alarm> = {};
  const add = (id: string, description: string, metric: Metric, threshold = 0, evaluationPeriods = 1) => {
    alarms[id] = new Alarm(scope, id, {
      alarmDescription: `${description} Runbook: ${runbookLink(id, options.runbookBaseUrl)}`,
      metric,
      threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods,
      datapointsToAlarm: evaluationPeriods,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  };
  const { handler } = options;

  if (handler !== undefined) {
    add(
      'HandlerErrors',
      'The bounce handler failed invocations; they are retried, then dead-lettered.',
      handler.metricErrors({ period: PIPELINE_PERIOD, statistic: Stats.SUM }),
    );
    add(
      'HandlerThrottles',
      'The bounce handler was throttled; events wait or end in a dead-letter queue.',
      handler.metricThrottles({ period: PIPELINE_PERIOD, statistic: Stats.SUM }),
    );
  }
  for (const deadLetterQueue of options.deadLetterQueues) {
    add(
      deadLetterQueue.id,
      `Messages wait in a dead-letter queue: ${deadLetterQueue.description}. Each is an SES event that was not recorded.`,
      deadLetterQueue.queue.metricApproximateNumberOfMessagesVisible({ period: PIPELINE_PERIOD, statistic: Stats.MAXIMUM }),
    );
  }
  if (handler !== undefined) {
    add(
      'RejectedMessages',
      "The handler rejected messages as not from the stack's topic and configuration set.",
      handlerMetric(options.deployment, MetricName.REJECTED),
    );
    add(
      'FailedRecords',
      'The handler has failed records for 15 minutes in a row: suppression writes are not getting through.',
      handlerMetric(options.deployment, MetricName.FAILED_RECORDS),
      0,
      3,
    );
  }
  if (options.queue !== undefined) {
    alarms.QueueOldestMessageAge = new Alarm(scope, 'QueueOldestMessageAge', {
      alarmDescription: `The oldest message of the handler's queue is older than ${options.queueAgeThreshold.toHumanString()}: the handler is not keeping up. Runbook: ${runbookLink('QueueOldestMessageAge', options.runbookBaseUrl)}`,
      metric: options.queue.metricApproximateAgeOfOldestMessage({ period: PIPELINE_PERIOD, statistic: Stats.MAXIMUM }),
      threshold: options.queueAgeThreshold.toSeconds(),
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
  return alarms;
}

export type { PipelineAlarmsOptions, WatchedDeadLetterQueue };
export { createPipelineAlarms };
