import { HandlerEnv, PolicyEnv } from '../src/contract/handlerEnvironment';
import { SuppressionScope } from '../src/domain/constants';
import { DEFAULT_POLICY, policyProblems, type SuppressionPolicy } from '../src/domain/policy';

/** The function's configuration, read once per container from the environment the stack sets. */
interface LambdaConfig {
  /** `TABLE_NAME`: the suppression table. */
  readonly tableName: string;
  /** `TOPIC_ARN`: the stack's SNS topic, the only one whose messages are accepted. */
  readonly topicArn: string;
  /**
   * `CONFIGURATION_SET_NAME`: the SES configuration sets whose events are accepted, one name or
   * several separated by commas (tenants' own sets publishing to the stack's topic).
   */
  readonly configurationSetName: readonly string[];
  /** `DEPLOYMENT`: the `Deployment` dimension of every metric. */
  readonly deployment: string;
  /** `SNS_SIGNATURE_VERIFICATION`: on unless set to exactly `off`. */
  readonly verifySignatures: boolean;
  /**
   * `SOFT_BOUNCE_THRESHOLD`, `SOFT_BOUNCE_WINDOW_DAYS`, `DSN_OVERRIDE`, `SOFT_RECORD_TTL_DAYS`,
   * `SUPPRESSION_TTL_DAYS`, `BOUNCE_SCOPE`, `COMPLAINT_SCOPE`, `TENANT_LIST_SCOPE`: the suppression
   * policy; each unset one takes its default.
   */
  readonly policy: SuppressionPolicy;
}

/**
 * An SES configuration set name: letters, digits, `-` and `_`, 1 to 64 characters
 * (https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_CreateConfigurationSet.html).
 */
const CONFIGURATION_SET_NAME = /^[A-Za-z0-9_-]{1,64}$/;

const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(?:\.fifo)?$/;

/**
 * Reads and validates the function's environment, reporting every problem in one error so that a
 * misconfigured deployment is fixed in one go.
 *
 * `SNS_SIGNATURE_VERIFICATION` accepts `on` (or unset/empty: the default) and `off`; anything else
 * is an error rather than a guess, so that a typo can never turn verification off.
 *
 * @example
 * const config = readHandlerEnvironment(process.env);
 * @throws Error listing every missing or invalid variable
 */
function readHandlerEnvironment(env: Readonly<Record<string, string | undefined>>): LambdaConfig {
  const problems: string[] = [];
  const required = (name: string): string => {
    const value = env[name]?.trim() ?? '';
    if (value === '') problems.push(`${name} is not set`);
    return value;
  };
  const tableName = required(HandlerEnv.TABLE_NAME);
  const topicArn = required(HandlerEnv.TOPIC_ARN);
  const configurationSetName = configurationSetNames(required(HandlerEnv.CONFIGURATION_SET_NAME), problems);
  // Required: without it this deployment's metrics would mix with another's, and its alarms
  // (which name it) would see nothing.
  const deployment = required(HandlerEnv.DEPLOYMENT);
  if (topicArn !== '' && !SNS_TOPIC_ARN.test(topicArn)) problems.push('TOPIC_ARN is not an SNS topic ARN');
  const verification = env[HandlerEnv.SNS_SIGNATURE_VERIFICATION]?.trim() ?? '';
  if (verification !== '' && verification !== 'on' && verification !== 'off') {
    problems.push("SNS_SIGNATURE_VERIFICATION must be 'on' or 'off'");
  }
  const policy = readPolicy(env, problems);
  if (problems.length > 0) throw new Error(`invalid function configuration: ${problems.join('; ')}`);
  return { tableName, topicArn, configurationSetName, deployment, verifySignatures: verification !== 'off', policy };
}

/** One name or a comma-separated list; each must be a configuration set name (a typo is an error). */
function configurationSetNames(value: string, problems: string[]): string[] {
  if (value === '') return [];
  const names = value.split(',').map((name) => name.trim());
  const bad = names.filter((name) => !CONFIGURATION_SET_NAME.test(name));
  if (bad.length > 0) {
    problems.push(`${HandlerEnv.CONFIGURATION_SET_NAME} must be configuration set names separated by commas (got ${JSON.stringify(value)})`);
  }
  return [...new Set(names)];
}

/**
 * The policy from the environment. Numbers must be written as whole decimal numbers, `DSN_OVERRIDE`
 * as `true` or `false`: a typo is an error, never a silently different policy.
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
  const scope = (name: string): SuppressionScope | undefined => {
    const value = text(name);
    if (value === undefined) return undefined;
    if ((Object.values(SuppressionScope) as string[]).includes(value)) return value as SuppressionScope;
    problems.push(`${name} must be 'account' or 'tenant' (got ${JSON.stringify(value)})`);
    return undefined;
  };
  const scopes = {
    bounceScope: scope(PolicyEnv.bounceScope),
    complaintScope: scope(PolicyEnv.complaintScope),
    tenantListScope: scope(PolicyEnv.tenantListScope),
  };
  const softRecordTtlDays = whole(PolicyEnv.softRecordTtlDays);
  const suppressionTtlDays = whole(PolicyEnv.suppressionTtlDays);
  const policy: SuppressionPolicy = {
    softBounceThreshold: whole(PolicyEnv.softBounceThreshold) ?? DEFAULT_POLICY.softBounceThreshold,
    softBounceWindowDays: whole(PolicyEnv.softBounceWindowDays) ?? DEFAULT_POLICY.softBounceWindowDays,
    dsnOverride: dsn === undefined ? DEFAULT_POLICY.dsnOverride : dsn === 'true',
    ...(softRecordTtlDays === undefined ? {} : { softRecordTtlDays }),
    ...(suppressionTtlDays === undefined ? {} : { suppressionTtlDays }),
    ...Object.fromEntries(Object.entries(scopes).filter(([, value]) => value !== undefined)),
  };
  // Range problems in the domain's words, named by the variable that holds the value.
  for (const problem of policyProblems(policy)) {
    const [field, ...rest] = problem.split(' ');
    problems.push([PolicyEnv[field as keyof typeof PolicyEnv] ?? field, ...rest].join(' '));
  }
  return policy;
}

export type { LambdaConfig };
export { readHandlerEnvironment };
