import { SuppressionStatus } from './constants';

/** How strictly events turn into suppressions, beyond the decision table in docs/architecture.md. */
interface SuppressionPolicy {
  /**
   * Transient bounces of one address within {@link softBounceWindowDays} that suppress it, with
   * reason `soft_bounce_threshold`. 0 turns escalation off.
   * @default 3
   */
  readonly softBounceThreshold: number;
  /**
   * The window, in days, that {@link softBounceThreshold} bounces must fall within.
   * @default 7
   */
  readonly softBounceWindowDays: number;
  /**
   * Treat a Transient bounce whose DSN status is 5.1.1, 5.1.2 or 5.1.10 (no such user, no such
   * domain, null MX) as permanent: some receivers report a dead mailbox as transient.
   * @default false
   */
  readonly dsnOverride: boolean;
  /**
   * Days after its last event that a soft record expires (DynamoDB TTL deletes it).
   * @default - soft records never expire
   */
  readonly softRecordTtlDays?: number;
  /**
   * Days after its last event that a suppression expires. Leave unset unless you mean it: an
   * expired suppression lets mail flow to an address that bounced or complained.
   * @default - suppressions never expire
   */
  readonly suppressionTtlDays?: number;
}

const DEFAULT_POLICY: SuppressionPolicy = {
  softBounceThreshold: 3,
  softBounceWindowDays: 7,
  dsnOverride: false,
};

/** The DSN statuses {@link SuppressionPolicy.dsnOverride} treats as permanent. */
const PERMANENT_DSN_STATUSES: ReadonlySet<string> = new Set(['5.1.1', '5.1.2', '5.1.10']);

const DAY_MS = 86_400_000;

/** When (epoch seconds, DynamoDB TTL's unit) an item in this status expires, if ever. */
function expiryOf(status: SuppressionStatus, lastEventAt: string, policy: SuppressionPolicy): number | undefined {
  const days = status === SuppressionStatus.SOFT ? policy.softRecordTtlDays : policy.suppressionTtlDays;
  return days === undefined ? undefined : Math.floor((Date.parse(lastEventAt) + days * DAY_MS) / 1000);
}

/**
 * Whether sorted transient-bounce times hold {@link SuppressionPolicy.softBounceThreshold} bounces
 * within the window.
 */
function reachesSoftBounceThreshold(sortedTimes: readonly string[], policy: SuppressionPolicy): boolean {
  const n = policy.softBounceThreshold;
  if (n <= 0) return false;
  for (let i = 0; i + n - 1 < sortedTimes.length; i++) {
    const span = Date.parse(sortedTimes[i + n - 1] as string) - Date.parse(sortedTimes[i] as string);
    if (span <= policy.softBounceWindowDays * DAY_MS) return true;
  }
  return false;
}

/** Checks a policy; returns every problem, empty when it is sound. */
function policyProblems(policy: SuppressionPolicy): string[] {
  const problems: string[] = [];
  const wholeAtLeast = (value: number | undefined, min: number, name: string): void => {
    if (value !== undefined && (!Number.isInteger(value) || value < min)) problems.push(`${name} must be a whole number >= ${min}, got ${value}`);
  };
  wholeAtLeast(policy.softBounceThreshold, 0, 'softBounceThreshold');
  wholeAtLeast(policy.softBounceWindowDays, 1, 'softBounceWindowDays');
  wholeAtLeast(policy.softRecordTtlDays, 1, 'softRecordTtlDays');
  wholeAtLeast(policy.suppressionTtlDays, 1, 'suppressionTtlDays');
  return problems;
}

export type { SuppressionPolicy };
export { DEFAULT_POLICY, expiryOf, PERMANENT_DSN_STATUSES, policyProblems, reachesSoftBounceThreshold };
