import { DEFAULT_POLICY, policyProblems, type SuppressionPolicy } from '../domain/policy';

/**
 * The bounce handler's environment variables: the stack sets them, the function reads them. Both
 * import these names from here, so neither side can rename one alone.
 */
const HandlerEnv = {
  /** The suppression table's name. */
  TABLE_NAME: 'TABLE_NAME',
  /** The stack's SNS topic: the only one whose messages are accepted. */
  TOPIC_ARN: 'TOPIC_ARN',
  /** The stack's SES configuration set: events tagged with another one are refused. */
  CONFIGURATION_SET_NAME: 'CONFIGURATION_SET_NAME',
  /**
   * Every configuration set whose events are accepted, comma-separated (SES names hold no comma):
   * the first is `CONFIGURATION_SET_NAME`'s, then the additional sets publishing to the same topic.
   */
  CONFIGURATION_SET_NAMES: 'CONFIGURATION_SET_NAMES',
  /**
   * Which deployment this is (stack name and construct path): the `Deployment` dimension of every
   * metric, so that two guards in one account and region never share alarms.
   */
  DEPLOYMENT: 'DEPLOYMENT',
  /** `on` (or unset) or `off`; anything else is a configuration error. */
  SNS_SIGNATURE_VERIFICATION: 'SNS_SIGNATURE_VERIFICATION',
} as const;

/** The environment variable of each suppression-policy setting. */
const PolicyEnv = {
  softBounceThreshold: 'SOFT_BOUNCE_THRESHOLD',
  softBounceWindowDays: 'SOFT_BOUNCE_WINDOW_DAYS',
  dsnOverride: 'DSN_OVERRIDE',
  softRecordTtlDays: 'SOFT_RECORD_TTL_DAYS',
  suppressionTtlDays: 'SUPPRESSION_TTL_DAYS',
} as const satisfies Record<keyof SuppressionPolicy, string>;

/** What the stack hands the function. */
interface HandlerSettings {
  readonly tableName: string;
  readonly topicArn: string;
  readonly configurationSetName: string;
  /** Further sets whose events are accepted besides {@link configurationSetName}; empty for none. */
  readonly additionalConfigurationSetNames?: readonly string[];
  readonly deployment: string;
  readonly policy: SuppressionPolicy;
}

/**
 * The function's environment as the stack sets it; the policy's expiry variables only when expiry
 * is on (unset means off).
 *
 * @example
 * environment: handlerEnvironment({ tableName, topicArn, configurationSetName, deployment, policy })
 */
function handlerEnvironment(settings: HandlerSettings): Record<string, string> {
  const environment: Record<string, string> = {
    [HandlerEnv.TABLE_NAME]: settings.tableName,
    [HandlerEnv.TOPIC_ARN]: settings.topicArn,
    [HandlerEnv.CONFIGURATION_SET_NAME]: settings.configurationSetName,
    [HandlerEnv.CONFIGURATION_SET_NAMES]: [settings.configurationSetName, ...(settings.additionalConfigurationSetNames ?? [])].join(','),
    [HandlerEnv.DEPLOYMENT]: settings.deployment,
  };
  for (const [field, name] of Object.entries(PolicyEnv) as [keyof SuppressionPolicy, string][]) {
    if (settings.policy[field] !== undefined) environment[name] = String(settings.policy[field]);
  }
  return environment;
}

/**
 * The policy from the function's environment (the function reads its own; the CLI reads the
 * deployed function's, so that both apply one policy). Numbers must be written as whole decimal
 * numbers, `DSN_OVERRIDE` as `true` or `false`: a typo is a problem, never a silently different
 * policy. Problems are added to `problems`.
 *
 * @example
 * const problems: string[] = [];
 * const policy = readPolicy(process.env, problems);
 */
function readPolicy(env: Readonly<Record<string, string | undefined>>, problems: string[]): SuppressionPolicy {
  const text = (name: string): string | undefined => {
    const value = env[name]?.trim() ?? '';
    return value === '' ? undefined : value;
  };
  const whole = (name: string): number | undefined => {
    const value = text(name);
    if (value === undefined) return undefined;
    if (/^-?\d+$/.test(value)) return Number(value);
    problems.push(`${name} must be a whole number (got ${JSON.stringify(value)})`);
    return undefined;
  };
  const dsn = text(PolicyEnv.dsnOverride);
  if (dsn !== undefined && dsn !== 'true' && dsn !== 'false') problems.push(`${PolicyEnv.dsnOverride} must be 'true' or 'false'`);
  const softRecordTtlDays = whole(PolicyEnv.softRecordTtlDays);
  const suppressionTtlDays = whole(PolicyEnv.suppressionTtlDays);
  const policy: SuppressionPolicy = {
    softBounceThreshold: whole(PolicyEnv.softBounceThreshold) ?? DEFAULT_POLICY.softBounceThreshold,
    softBounceWindowDays: whole(PolicyEnv.softBounceWindowDays) ?? DEFAULT_POLICY.softBounceWindowDays,
    dsnOverride: dsn === undefined ? DEFAULT_POLICY.dsnOverride : dsn === 'true',
    ...(softRecordTtlDays === undefined ? {} : { softRecordTtlDays }),
    ...(suppressionTtlDays === undefined ? {} : { suppressionTtlDays }),
  };
  // Range problems in the domain's words, named by the variable that holds the value.
  for (const problem of policyProblems(policy)) {
    const [field, ...rest] = problem.split(' ');
    problems.push([PolicyEnv[field as keyof typeof PolicyEnv] ?? field, ...rest].join(' '));
  }
  return policy;
}

export type { HandlerSettings };
export { HandlerEnv, handlerEnvironment, PolicyEnv, readPolicy };
