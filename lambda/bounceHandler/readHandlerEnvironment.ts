import { HandlerEnv, readPolicy } from '../../src/contract/handlerEnvironment';
import { CONFIGURATION_SET_NAME_PATTERN } from '../../src/domain/constants';
import type { SuppressionPolicy } from '../../src/domain/policy';

/** The function's configuration, read once per container from the environment the stack sets. */
interface LambdaConfig {
  /** `TABLE_NAME`: the suppression table. */
  readonly tableName: string;
  /**
   * `SUPPRESSION_TABLE_REGION`: the region of the table to write to when it is not the function's
   * own (a second region writing to the home region's table); `undefined` when unset.
   */
  readonly tableRegion?: string;
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

/** An AWS region name, e.g. `eu-west-1`, `us-gov-west-1`, `ap-southeast-5`. */
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

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
  // A typo here would write to no table (or another region's), so it is an error, never a
  // fallback to the function's own region.
  const tableRegion = env[HandlerEnv.SUPPRESSION_TABLE_REGION]?.trim() ?? '';
  if (tableRegion !== '' && !REGION.test(tableRegion)) {
    problems.push(`${HandlerEnv.SUPPRESSION_TABLE_REGION} is not an AWS region name (got ${JSON.stringify(tableRegion.slice(0, 40))})`);
  }
  const policy = readPolicy(env, problems);
  if (problems.length > 0) throw new Error(`invalid function configuration: ${problems.join('; ')}`);
  return {
    tableName,
    ...(tableRegion === '' ? {} : { tableRegion }),
    topicArn,
    configurationSetName,
    deployment,
    verifySignatures: verification !== 'off',
    policy,
  };
}

/** One name or a comma-separated list; each must be a configuration set name (a typo is an error). */
function configurationSetNames(value: string, problems: string[]): string[] {
  if (value === '') return [];
  const names = value.split(',').map((name) => name.trim());
  const bad = names.filter((name) => !CONFIGURATION_SET_NAME_PATTERN.test(name));
  if (bad.length > 0) {
    problems.push(`${HandlerEnv.CONFIGURATION_SET_NAME} must be configuration set names separated by commas (got ${JSON.stringify(value)})`);
  }
  return [...new Set(names)];
}

export type { LambdaConfig };
export { readHandlerEnvironment };
