import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import { ReputationMetricName, reputationMetric } from './metrics';
import type { ReputationThresholds } from './reputationThresholds';
import { runbookLink } from './runbook';

/** What {@link createReputationAlarms} needs. */
interface ReputationAlarmsOptions {
  /** The configuration set whose own rates are watched besides the account's. */
  readonly configurationSetName: string;
  /**
   * More configuration sets the construct created (tenants' own sets on the same topic), each
   * watched like the first: alarm ids `ConfigurationSet<Rate><Level>-<name>`, linking the same
   * runbook sections.
   * @default - none
   */
  readonly additionalConfigurationSetNames?: readonly string[];
  /** The thresholds, defaults applied. */
  readonly thresholds: Required<ReputationThresholds>;
  /** The absolute URL of the docs folder that holds the runbook. */
  readonly runbookBaseUrl: string;
}

/** Where SES reviews an account, for the alarm descriptions (SES Developer Guide, "Monitoring your sender reputation"). */
const SES_REVIEW_LINE = { bounce: '5%', complaint: '0.1%' } as const;

/**
 * Eight alarms: bounce and complaint rate, for the whole account and for the configuration set,
 * each at a warning and a critical threshold. The account rate is what SES acts on; the
 * configuration set's rate tells whether this stack's mail is the cause.
 *
 * Missing data is ignored (the alarm keeps its state), as the SES guide's procedure for these alarms
 * sets it: SES publishes the rates only now and then (hours apart for a low-volume sender), so an
 * empty period says nothing about the rate. Treated as not breaching, the first empty hour after a
 * breaching point would send a false OK while the rate is still high.
 * https://docs.aws.amazon.com/ses/latest/dg/reputationdashboard-cloudwatch-alarm.html
 * IGNORE: "The current alarm state is maintained":
 * https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_cloudwatch.TreatMissingData.html
 * Statistic Average over one hour: the rates are fractions SES recomputes over a representative
 * volume of recent mail, so averaging the few points of an hour loses nothing (see metrics.ts).
 *
 * @returns the alarms by construct id, e.g. `AccountBounceRateWarning`
 */
function createReputationAlarms(scope: Construct, options: ReputationAlarmsOptions): Record<string, Alarm> {
  const { thresholds, configurationSetName } = options;
  const alarms: Record<string, Alarm> = {};
  const subjects: readonly { id: string; suffix: string; what: string; configurationSetName: string | undefined }[] = [
    { id: 'Account', suffix: '', what: 'the SES account', configurationSetName: undefined },
    { id: 'ConfigurationSet', suffix: '', what: `configuration set ${configurationSetName}`, configurationSetName },
    ...(options.additionalConfigurationSetNames ?? []).map((name) => ({
      id: 'ConfigurationSet',
      suffix: `-${name}`,
      what: `configuration set ${name}`,
      configurationSetName: name,
    })),
  ];
  const rates = [
    {
      id: 'BounceRate',
      metricName: ReputationMetricName.BOUNCE_RATE,
      noun: 'bounce',
      warning: thresholds.bounceRateWarning,
      critical: thresholds.bounceRateCritical,
    },
    {
      id: 'ComplaintRate',
      metricName: ReputationMetricName.COMPLAINT_RATE,
      noun: 'complaint',
      warning: thresholds.complaintRateWarning,
      critical: thresholds.complaintRateCritical,
    },
  ] as const;
  for (const subject of subjects) {
    for (const rate of rates) {
      for (const [level, threshold] of [
        ['Warning', rate.warning],
        ['Critical', rate.critical],
      ] as const) {
        const section = `${subject.id}${rate.id}${level}`;
        const id = `${section}${subject.suffix}`;
        alarms[id] = new Alarm(scope, id, {
          alarmDescription:
            `${level.toUpperCase()}: the ${rate.noun} rate of ${subject.what} reached ${percent(threshold)} ` +
            `(SES reviews accounts at ${SES_REVIEW_LINE[rate.noun]}). Runbook: ${runbookLink(section, options.runbookBaseUrl)}`,
          metric: reputationMetric(rate.metricName, subject.configurationSetName),
          threshold,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.IGNORE,
        });
      }
    }
  }
  return alarms;
}

/** 0.0005 → "0.05%", without floating-point noise. */
function percent(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(6))}%`;
}

export type { ReputationAlarmsOptions };
export { createReputationAlarms, percent };
