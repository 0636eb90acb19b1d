import type { SuppressionPolicy } from '../domain/policy';

/**
 * The bounce handler's environment variables: the stack sets them, the function reads them. Both
 * import these names from here, so neither side can rename one alone.
 */
const HandlerEnv = {
  /** The suppression table's name. */
  TABLE_NAME: 'TABLE_NAME',
  /** The stack's SNS topic: the only one whose messages are accepted. */
  TOPIC_ARN: 'TOPIC_ARN',
  /**
   * The stack's SES configuration sets, one name or several separated by commas (tenants' own sets
   * publishing to the same topic): events tagged with any other one are refused.
   */
  CONFIGURATION_SET_NAME: 'CONFIGURATION_SET_NAME',
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
  bounceScope: 'BOUNCE_SCOPE',
  complaintScope: 'COMPLAINT_SCOPE',
  tenantListScope: 'TENANT_LIST_SCOPE',
} as const satisfies Record<keyof SuppressionPolicy, string>;

/** What the stack hands the function. */
interface HandlerSettings {
  readonly tableName: string;
  readonly topicArn: string;
  /** One configuration set, or several (the first is the stack's own). */
  readonly configurationSetName: string | readonly string[];
  readonly deployment: string;
  readonly policy: SuppressionPolicy;
}

/**
 * The function's environment as the stack sets it; the policy's expiry and scope variables only
 * when set (unset means off, and the default scopes).
 *
 * @example
 * environment: handlerEnvironment({ tableName, topicArn, configurationSetName, deployment, policy })
 */
function handlerEnvironment(settings: HandlerSettings): Record<string, string> {
  const environment: Record<string, string> = {
    [HandlerEnv.TABLE_NAME]: settings.tableName,
    [HandlerEnv.TOPIC_ARN]: settings.topicArn,
    // Configuration set names hold only letters, digits, '-' and '_', so a comma separates them safely.
    [HandlerEnv.CONFIGURATION_SET_NAME]:
      typeof settings.configurationSetName === 'string' ? settings.configurationSetName : settings.configurationSetName.join(','),
    [HandlerEnv.DEPLOYMENT]: settings.deployment,
  };
  for (const [field, name] of Object.entries(PolicyEnv) as [keyof SuppressionPolicy, string][]) {
    if (settings.policy[field] !== undefined) environment[name] = String(settings.policy[field]);
  }
  return environment;
}

export type { HandlerSettings };
export { HandlerEnv, handlerEnvironment, PolicyEnv };
