import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type SuppressionPolicy, policyProblems } from '../../src/domain/policy';
import { DeliveryMode } from '../constructs/constants';
import { FRACTION_RULE, isFraction, reputationThresholdProblems } from '../constructs/monitoring/reputationThresholds';
import { CONFIG_DEFAULTS, OPTIONAL_CONFIG_KEYS } from './defaults';
import { InvalidConfigError } from './errors';
import { CONFIGURATION_SET_NAME_PATTERN, CONFIGURATION_SET_NAME_RULE } from '../validation/configurationSetName';
import type { AppConfig, ContextReader } from './types';

/** SES: letters, digits, `_` and `-`, at most 64 characters. */

/** CloudFormation: starts with a letter; letters, digits and `-`, at most 128 characters. */
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
/** DynamoDB: 3 to 255 characters, letters, digits, `_`, `-` and `.`. */
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const EMAIL_IDENTITY = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DOMAIN_IDENTITY = /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
const DELIVERY_MODES: readonly string[] = Object.values(DeliveryMode);
/** Without a batch window, an SQS event source takes at most 10 messages per batch. */
const MAX_BATCH_WITHOUT_WINDOW = 10;
const RETENTION_DAYS: ReadonlySet<number> = new Set(Object.values(RetentionDays).filter((v): v is number => typeof v === 'number'));

type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * Validates the app's CDK context and returns typed settings, or throws one
 * {@link InvalidConfigError} that lists every problem found.
 *
 * Values come from `cdk.json` (JSON types) or from `-c key=value` (always strings), so each
 * setting accepts both: `true`/`"true"`, `256`/`"256"`, `["a.com"]`/`'["a.com"]'`/`"a.com,b.com"`.
 * Unset keys take {@link CONFIG_DEFAULTS}.
 *
 * @example
 * ```ts
 * const config = readConfig((key) => app.node.tryGetContext(key));
 * ```
 * @param context - reads one raw context value
 * @throws InvalidConfigError when any setting is unusable
 */
function readConfig(context: ContextReader): AppConfig {
  const problems: string[] = [];
  const take = <T>(key: keyof typeof CONFIG_DEFAULTS | (typeof OPTIONAL_CONFIG_KEYS)[number], parse: (raw: unknown) => Parsed<T>, fallback: T): T => {
    const raw = context(key);
    if (raw === undefined) return fallback;
    const parsed = parse(raw);
    if (parsed.ok) return parsed.value;
    problems.push(`${key}: ${parsed.problem} (got ${JSON.stringify(raw)})`);
    return fallback;
  };
  const takeNumber = (key: keyof typeof CONFIG_DEFAULTS, fallback: number): number => take(key, parseNumber, fallback);
  const takeOptionalNumber = (key: (typeof OPTIONAL_CONFIG_KEYS)[number]): number | undefined => take<number | undefined>(key, parseNumber, undefined);

  const config: AppConfig = {
    stackName: take('stackName', matching(STACK_NAME, 'must start with a letter and hold only letters, digits and "-" (at most 128)'), CONFIG_DEFAULTS.stackName),
    configurationSetName: take(
      'configurationSetName',
      matching(CONFIGURATION_SET_NAME_PATTERN, CONFIGURATION_SET_NAME_RULE),
      CONFIG_DEFAULTS.configurationSetName,
    ),
    accountSuppression: take('accountSuppression', parseBoolean, CONFIG_DEFAULTS.accountSuppression),
    identities: take('identities', parseIdentities, CONFIG_DEFAULTS.identities),
    handlerMemorySize: take('handlerMemorySize', integerBetween(128, 10_240), CONFIG_DEFAULTS.handlerMemorySize),
    handlerTimeoutSeconds: take('handlerTimeoutSeconds', integerBetween(1, 900), CONFIG_DEFAULTS.handlerTimeoutSeconds),
    logRetentionDays: take('logRetentionDays', parseRetention, CONFIG_DEFAULTS.logRetentionDays as RetentionDays),
    reputationThresholds: {
      bounceRateWarning: take('bounceRateWarning', parseFraction, CONFIG_DEFAULTS.bounceRateWarning),
      bounceRateCritical: take('bounceRateCritical', parseFraction, CONFIG_DEFAULTS.bounceRateCritical),
      complaintRateWarning: take('complaintRateWarning', parseFraction, CONFIG_DEFAULTS.complaintRateWarning),
      complaintRateCritical: take('complaintRateCritical', parseFraction, CONFIG_DEFAULTS.complaintRateCritical),
    },
    alarmEmail: take('alarmEmail', parseEmail, undefined),
    deliveryMode: take('deliveryMode', parseDeliveryMode, CONFIG_DEFAULTS.deliveryMode),
    queueMaxConcurrency: take('queueMaxConcurrency', integerBetween(2, 1000), CONFIG_DEFAULTS.queueMaxConcurrency),
    queueBatchWindowSeconds: take('queueBatchWindowSeconds', integerBetween(0, 300), CONFIG_DEFAULTS.queueBatchWindowSeconds),
    queueBatchSize: take('queueBatchSize', integerBetween(1, 10_000), CONFIG_DEFAULTS.queueBatchSize),
    existingSuppressionTableName: take<string | undefined>('existingSuppressionTableName', matching(TABLE_NAME, 'must be a DynamoDB table name: 3 to 255 letters, digits, "_", "-" or "."'), undefined),
    existingConfigurationSetName: take<string | undefined>('existingConfigurationSetName', matching(CONFIGURATION_SET_NAME_PATTERN, CONFIGURATION_SET_NAME_RULE), undefined),
    policy: readPolicy(),
  };
  // Each threshold is a fraction now (or was reported); what is left is their order, judged only
  // between values that were given correctly (a bad one was replaced by its default).
  const reported = new Set(problems.map((problem) => problem.slice(0, problem.indexOf(':'))));
  problems.push(...reputationThresholdProblems(config.reputationThresholds).filter((problem) => ![...reported].some((key) => problem.includes(key))));
  if (config.queueBatchSize > MAX_BATCH_WITHOUT_WINDOW && config.queueBatchWindowSeconds === 0) {
    problems.push(`queueBatchSize: more than ${MAX_BATCH_WITHOUT_WINDOW} needs queueBatchWindowSeconds of 1 or more (SQS event source rule)`);
  }
  if (problems.length > 0) throw new InvalidConfigError(problems);
  return config;

  function readPolicy(): SuppressionPolicy {
    const softRecordTtlDays = takeOptionalNumber('softRecordTtlDays');
    const suppressionTtlDays = takeOptionalNumber('suppressionTtlDays');
    const policy: SuppressionPolicy = {
      softBounceThreshold: takeNumber('softBounceThreshold', CONFIG_DEFAULTS.softBounceThreshold),
      softBounceWindowDays: takeNumber('softBounceWindowDays', CONFIG_DEFAULTS.softBounceWindowDays),
      dsnOverride: take('dsnOverride', parseBoolean, CONFIG_DEFAULTS.dsnOverride),
      ...(softRecordTtlDays === undefined ? {} : { softRecordTtlDays }),
      ...(suppressionTtlDays === undefined ? {} : { suppressionTtlDays }),
    };
    // The ranges are the domain's: one rule, checked by the stack and the function alike.
    problems.push(...policyProblems(policy));
    return policy;
  }
}

function parseNumber(raw: unknown): Parsed<number> {
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  return typeof value === 'number' && Number.isFinite(value) ? { ok: true, value } : { ok: false, problem: 'must be a number' };
}

function parseDeliveryMode(raw: unknown): Parsed<DeliveryMode> {
  return typeof raw === 'string' && DELIVERY_MODES.includes(raw)
    ? { ok: true, value: raw as DeliveryMode }
    : { ok: false, problem: `must be one of ${DELIVERY_MODES.join(', ')}` };
}

function matching(pattern: RegExp, rule: string): (raw: unknown) => Parsed<string> {
  return (raw) => (typeof raw === 'string' && pattern.test(raw) ? { ok: true, value: raw } : { ok: false, problem: rule });
}

function parseBoolean(raw: unknown): Parsed<boolean> {
  if (typeof raw === 'boolean') return { ok: true, value: raw };
  if (raw === 'true' || raw === 'false') return { ok: true, value: raw === 'true' };
  return { ok: false, problem: 'must be true or false' };
}

function integerBetween(min: number, max: number): (raw: unknown) => Parsed<number> {
  return (raw) => {
    const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
      ? { ok: true, value }
      : { ok: false, problem: `must be an integer from ${min} to ${max}` };
  };
}

function parseRetention(raw: unknown): Parsed<RetentionDays> {
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  return typeof value === 'number' && RETENTION_DAYS.has(value)
    ? { ok: true, value: value as RetentionDays }
    : { ok: false, problem: `must be one of CloudWatch Logs' retention periods: ${[...RETENTION_DAYS].sort((a, b) => a - b).join(', ')}` };
}

function parseFraction(raw: unknown): Parsed<number> {
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  return isFraction(value) ? { ok: true, value } : { ok: false, problem: FRACTION_RULE };
}

function parseEmail(raw: unknown): Parsed<string | undefined> {
  if (raw === '') return { ok: true, value: undefined };
  return typeof raw === 'string' && EMAIL_IDENTITY.test(raw) && raw.length <= 254
    ? { ok: true, value: raw }
    : { ok: false, problem: 'must be one email address, or empty for none' };
}

function parseIdentities(raw: unknown): Parsed<readonly string[]> {
  let list: unknown = raw;
  if (typeof raw === 'string') {
    const text = raw.trim();
    if (text.startsWith('[')) {
      try {
        list = JSON.parse(text);
      } catch {
        return { ok: false, problem: 'is not a JSON array' };
      }
    } else list = text === '' ? [] : text.split(',').map((part) => part.trim());
  }
  if (!Array.isArray(list)) return { ok: false, problem: 'must be a list of SES identities (email addresses or domains)' };
  const invalid = list.filter((entry) => typeof entry !== 'string' || !(EMAIL_IDENTITY.test(entry) || DOMAIN_IDENTITY.test(entry)));
  if (invalid.length > 0) return { ok: false, problem: `not an email address or domain: ${invalid.map((e) => JSON.stringify(e)).join(', ')}` };
  const identities = list as string[];
  const duplicates = identities.filter((entry, i) => identities.findIndex((other) => other.toLowerCase() === entry.toLowerCase()) !== i);
  if (duplicates.length > 0) return { ok: false, problem: `listed more than once: ${duplicates.join(', ')}` };
  return { ok: true, value: identities };
}

export { readConfig };
