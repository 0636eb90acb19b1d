import { Duration } from 'aws-cdk-lib';
import type { Alarm, Dashboard } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { AlarmTopic } from './monitoring/AlarmTopic';
import { createDashboard } from './monitoring/createDashboard';
import { createPipelineAlarms, type WatchedDeadLetterQueue } from './monitoring/createPipelineAlarms';
import { createReputationAlarms } from './monitoring/createReputationAlarms';
import { type ReputationThresholds, reputationThresholdProblems, resolveReputationThresholds } from './monitoring/reputationThresholds';
import { DEFAULT_RUNBOOK_BASE_URL, OK_NOTIFIED_ALARMS, runbookBaseUrlProblem } from './monitoring/runbook';
import { SendingStatusAlerts } from './monitoring/SendingStatusAlerts';

/** Properties of a {@link Monitoring}. */
interface MonitoringProps {
  /** The configuration set whose reputation is watched besides the account's. */
  readonly configurationSetName: string;
  /**
   * More configuration sets the construct created, each with its own four reputation alarms.
   * @default - none
   */
  readonly additionalConfigurationSetNames?: readonly string[];
  /** The bounce handler; `undefined` when an external receiver takes the events (no handler alarms). */
  readonly handler: IFunction | undefined;
  /**
   * The `Deployment` dimension the handler emits its metrics with (its `DEPLOYMENT`): every alarm
   * and widget on them names it, so that two guards in one account and region never share data.
   */
  readonly deployment: string;
  /** Every dead-letter queue of the pipeline; each gets an alarm and a line on the dashboard. */
  readonly deadLetterQueues: readonly WatchedDeadLetterQueue[];
  /**
   * The queue between the topic and the handler (queue delivery mode).
   * @default - none: no age-of-oldest-message alarm
   */
  readonly queue?: IQueue;
  /**
   * Age of the queue's oldest message that raises an alarm; used only with `queue`.
   * @default Duration.minutes(15)
   */
  readonly queueAgeThreshold?: Duration;
  /**
   * Warning and critical thresholds of the reputation alarms, as fractions.
   * @default - see {@link ReputationThresholds}: bounce 0.02 and 0.04, complaint 0.0005 and 0.0008
   */
  readonly reputationThresholds?: ReputationThresholds;
  /**
   * An address subscribed to the alarm topic.
   * @default - no subscription
   */
  readonly alarmEmail?: string;
  /**
   * The absolute URL of a docs folder holding the runbook (`monitoring.md`), which every alarm's
   * description links: `<runbookBaseUrl>/monitoring.md#<alarm id>`.
   * @default DEFAULT_RUNBOOK_BASE_URL - the package's own docs as published on npm, served by unpkg
   */
  readonly runbookBaseUrl?: string;
}

/**
 * Alarms, an alarm topic and a dashboard for the pipeline: SES reputation (bounce and complaint
 * rates of the account and of the configuration set, warning and critical) and pipeline health
 * (handler errors and throttles, dead-letter queues, rejected messages, failing writes, and the
 * queue's oldest message when there is a queue).
 *
 * Every alarm notifies the topic when it goes to ALARM; only those in OK_NOTIFIED_ALARMS (critical
 * reputation, failing writes, queue backlog) also when they return to OK, so that a first
 * deployment does not mail an OK per alarm. Each alarm's description links its runbook section in
 * docs/monitoring.md.
 *
 * @throws Error listing every problem when the thresholds are not fractions or a warning is not
 * below its critical threshold
 */
class Monitoring extends Construct {
  /** The topic every alarm notifies, with its key and optional email subscription. */
  readonly alarmTopic: AlarmTopic;
  /** The SES reputation alarms by id, e.g. `AccountBounceRateWarning`. */
  readonly reputationAlarms: Readonly<Record<string, Alarm>>;
  /** The pipeline health alarms by id, e.g. `HandlerErrors`. */
  readonly pipelineAlarms: Readonly<Record<string, Alarm>>;
  /** Every alarm. */
  readonly alarms: readonly Alarm[];
  /** The dashboard. */
  readonly dashboard: Dashboard;
  /** SES's sending-status events (paused, resumed), sent to the alarm topic as they happen. */
  readonly sendingStatusAlerts: SendingStatusAlerts;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    // Checked before super(): a refused construct is not left half-built in the tree.
    const thresholds = resolveReputationThresholds(props.reputationThresholds);
    const runbookBaseUrl = props.runbookBaseUrl ?? DEFAULT_RUNBOOK_BASE_URL;
    const runbookProblem = runbookBaseUrlProblem(runbookBaseUrl);
    const problems = [
      ...reputationThresholdProblems(thresholds),
      ...duplicateQueueIds(props.deadLetterQueues),
      ...(runbookProblem === undefined ? [] : [runbookProblem]),
    ];
    if (problems.length > 0) throw new Error(`Invalid Monitoring props:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    super(scope, id);

    this.alarmTopic = new AlarmTopic(this, 'AlarmTopic', { email: props.alarmEmail });
    this.sendingStatusAlerts = new SendingStatusAlerts(this, 'SendingStatus', { alarmTopic: this.alarmTopic });
    const deadLetterQueues = [...props.deadLetterQueues, this.sendingStatusAlerts.deadLetterQueue];
    this.reputationAlarms = createReputationAlarms(this, {
      configurationSetName: props.configurationSetName,
      additionalConfigurationSetNames: props.additionalConfigurationSetNames,
      thresholds,
      runbookBaseUrl,
    });
    this.pipelineAlarms = createPipelineAlarms(this, {
      handler: props.handler,
      deployment: props.deployment,
      deadLetterQueues,
      queue: props.queue,
      queueAgeThreshold: props.queueAgeThreshold ?? Duration.minutes(15),
      runbookBaseUrl,
    });
    this.alarms = [...Object.values(this.reputationAlarms), ...Object.values(this.pipelineAlarms)];
    notify({ ...this.reputationAlarms, ...this.pipelineAlarms }, this.alarmTopic.topic);

    this.dashboard = createDashboard(this, 'Dashboard', {
      configurationSetName: props.configurationSetName,
      thresholds,
      handler: props.handler,
      deployment: props.deployment,
      deadLetterQueues,
      queue: props.queue,
      alarms: this.alarms,
    });
  }
}

function notify(alarms: Readonly<Record<string, Alarm>>, topic: ITopic): void {
  const action = new SnsAction(topic);
  for (const [id, alarm] of Object.entries(alarms)) {
    alarm.addAlarmAction(action);
    // An additional configuration set's alarm is `<id>-<set name>`: it mails OK as its first set's does.
    if (OK_NOTIFIED_ALARMS.has(id.split('-')[0] as string)) alarm.addOkAction(action);
  }
}

function duplicateQueueIds(queues: readonly WatchedDeadLetterQueue[]): string[] {
  const ids = queues.map((queue) => queue.id);
  return ids.filter((queueId, i) => ids.indexOf(queueId) !== i).map((queueId) => `deadLetterQueues: id ${queueId} is used twice`);
}

export type { WatchedDeadLetterQueue } from './monitoring/createPipelineAlarms';
export type { ReputationThresholds } from './monitoring/reputationThresholds';
export type { MonitoringProps };
export { Monitoring };
