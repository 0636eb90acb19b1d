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
  /** The stack's SES configuration set: events tagged with another one are refused. */
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
} as const satisfies Record<keyof SuppressionPolicy, string>;

/** What the stack hands the function. */
interface HandlerSettings {
  readonly tableName: string;
  readonly topicArn: string;
  readonly configurationSetName: string;
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
    [HandlerEnv.DEPLOYMENT]: settings.deployment,
  };
  for (const [field, name] of Object.entries(PolicyEnv) as [keyof SuppressionPolicy, string][]) {
    if (settings.policy[field] !== undefined) environment[name] = String(settings.policy[field]);
  }
  return environment;
}

export type { HandlerSettings };
export { HandlerEnv, handlerEnvironment, PolicyEnv };
