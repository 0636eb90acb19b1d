/**
 * Alarm thresholds on SES's `Reputation.BounceRate` and `Reputation.ComplaintRate`.
 *
 * Every value is a FRACTION, as SES publishes the metrics: "decimal numbers between 0 and 1;
 * multiply by 100 to get a percentage" (SES Developer Guide, "Creating reputation monitoring alarms
 * using CloudWatch"). So 0.02 means 2%.
 */
interface ReputationThresholds {
  /**
   * Bounce rate that raises the warning alarm.
   * @default 0.02 - 2%, well below the 5% at which SES reviews an account
   */
  readonly bounceRateWarning?: number;
  /**
   * Bounce rate that raises the critical alarm.
   * @default 0.04 - 4%
   */
  readonly bounceRateCritical?: number;
  /**
   * Complaint rate that raises the warning alarm.
   * @default 0.0005 - 0.05%, half of the 0.1% at which SES reviews an account
   */
  readonly complaintRateWarning?: number;
  /**
   * Complaint rate that raises the critical alarm.
   * @default 0.0008 - 0.08%
   */
  readonly complaintRateCritical?: number;
}

/** The defaults of {@link ReputationThresholds}. */
const DEFAULT_REPUTATION_THRESHOLDS = {
  bounceRateWarning: 0.02,
  bounceRateCritical: 0.04,
  complaintRateWarning: 0.0005,
  complaintRateCritical: 0.0008,
} as const satisfies Required<ReputationThresholds>;

/** {@link ReputationThresholds} with every default applied. */
function resolveReputationThresholds(thresholds: ReputationThresholds = {}): Required<ReputationThresholds> {
  return {
    bounceRateWarning: thresholds.bounceRateWarning ?? DEFAULT_REPUTATION_THRESHOLDS.bounceRateWarning,
    bounceRateCritical: thresholds.bounceRateCritical ?? DEFAULT_REPUTATION_THRESHOLDS.bounceRateCritical,
    complaintRateWarning: thresholds.complaintRateWarning ?? DEFAULT_REPUTATION_THRESHOLDS.complaintRateWarning,
    complaintRateCritical: thresholds.complaintRateCritical ?? DEFAULT_REPUTATION_THRESHOLDS.complaintRateCritical,
  };
}

/**
 * Everything wrong with a set of thresholds: each must be a fraction strictly between 0 and 1, and
 * each warning must lie below its critical threshold (otherwise the warning never warns).
 *
 * @returns one message per problem, each naming its setting; empty when the thresholds are usable
 */
function reputationThresholdProblems(thresholds: Required<ReputationThresholds>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(thresholds)) {
    if (!isFraction(value)) problems.push(`${key}: ${FRACTION_RULE} (got ${JSON.stringify(value)})`);
  }
  for (const [warning, critical] of [
    ['bounceRateWarning', 'bounceRateCritical'],
    ['complaintRateWarning', 'complaintRateCritical'],
  ] as const) {
    if (isFraction(thresholds[warning]) && isFraction(thresholds[critical]) && thresholds[warning] >= thresholds[critical]) {
      problems.push(`${warning}: must be below ${critical} (got ${thresholds[warning]} >= ${thresholds[critical]})`);
    }
  }
  return problems;
}

/** How a threshold must be written; shared with the context reader so that both say the same. */
const FRACTION_RULE = 'must be a fraction between 0 and 1, exclusive (0.02 means 2%)';

function isFraction(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 && value < 1;
}

export type { ReputationThresholds };
export { DEFAULT_REPUTATION_THRESHOLDS, FRACTION_RULE, isFraction, reputationThresholdProblems, resolveReputationThresholds };
