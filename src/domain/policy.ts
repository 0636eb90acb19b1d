import { SuppressionScope, SuppressionStatus } from './constants';

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
  /**
   * Whom a hard bounce (`Permanent`, `Undetermined`) of a tenanted send suppresses the address for:
   * every tenant (`account`: the mailbox is dead, whoever writes to it) or its tenant only.
   * Events with no tenant are always account-wide.
   * @default 'account'
   */
  readonly bounceScope?: SuppressionScope;
  /**
   * Whom a complaint of a tenanted send suppresses the address for: its tenant only (`tenant`: the
   * recipient objected to that tenant's mail) or every tenant (`account`).
   * @default 'tenant'
   */
  readonly complaintScope?: SuppressionScope;
  /**
   * Whom a bounce with subtype `OnTenantSuppressionList` (SES refused the send because the
   * tenant's own suppression list holds the address) suppresses the address for.
   * @default 'tenant'
   */
  readonly tenantListScope?: SuppressionScope;
}

/** The scopes a policy that sets none has. */
const DEFAULT_SCOPES = {
  bounceScope: SuppressionScope.ACCOUNT,
  complaintScope: SuppressionScope.TENANT,
  tenantListScope: SuppressionScope.TENANT,
} as const satisfies Required<Pick<SuppressionPolicy, 'bounceScope' | 'complaintScope' | 'tenantListScope'>>;

const DEFAULT_POLICY: SuppressionPolicy = {
  softBounceThreshold: 3,
  softBounceWindowDays: 7,
  dsnOverride: false,
};

/** The DSN statuses {@link SuppressionPolicy.dsnOverride} treats as permanent. */
const PERMANENT_DSN_STATUSES: ReadonlySet<string> = new Set(['5.1.1', '5.1.2', '5.1.10']);

const DAY_MS = 86_400_000;

/**
 * When (epoch seconds, DynamoDB TTL's unit) an item in this status expires, if ever. An item whose
 * decision is a tenant's suppression (status `soft` for the account) expires as a suppression.
 */
function expiryOf(status: SuppressionStatus, lastEventAt: string, policy: SuppressionPolicy, tenantSuppressed = false): number | undefined {
  const days = status === SuppressionStatus.SOFT && !tenantSuppressed ? policy.softRecordTtlDays : policy.suppressionTtlDays;
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
  const scopes: readonly unknown[] = Object.values(SuppressionScope);
  for (const field of Object.keys(DEFAULT_SCOPES) as (keyof typeof DEFAULT_SCOPES)[]) {
    const value = policy[field];
    if (value !== undefined && !scopes.includes(value)) problems.push(`${field} must be 'account' or 'tenant', got ${String(value)}`);
  }
  return problems;
}

export type { SuppressionPolicy };
export { DEFAULT_POLICY, DEFAULT_SCOPES, expiryOf, PERMANENT_DSN_STATUSES, policyProblems, reachesSoftBounceThreshold };
