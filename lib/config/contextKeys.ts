import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { SECRET_VERSION_ID } from '../constructs/ApplicationEvents';
import { DeliveryMode } from '../constructs/constants';
import { FRACTION_RULE, isFraction } from '../constructs/monitoring/reputationThresholds';
import { CONFIGURATION_SET_NAME_PATTERN, CONFIGURATION_SET_NAME_RULE } from '../validation/configurationSetName';
import { webhookUrlProblem } from '../validation/webhookUrl';

/** A parsed context value, or why it cannot be used. */
type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };
type Parser = (raw: unknown) => Parsed<unknown>;

/** CloudFormation: starts with a letter; letters, digits and `-`, at most 128 characters. */
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
/** DynamoDB: 3 to 255 letters, digits, `_`, `-` and `.`. */
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const EMAIL_IDENTITY = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DOMAIN_IDENTITY = /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
const DELIVERY_MODES: readonly string[] = Object.values(DeliveryMode);
const RETENTION_DAYS: ReadonlySet<number> = new Set(Object.values(RetentionDays).filter((v): v is number => typeof v === 'number'));

/**
 * Every context key the standalone app reads, with how its value is written. Values come from
 * `cdk.json` (JSON types) or from `-c key=value` (always strings), so each parser accepts both:
 * `true`/`"true"`, `256`/`"256"`, `["a.com"]`/`'["a.com"]'`/`"a.com,b.com"`. A key that is not set
 * takes the construct's default: no default is written here.
 */
const CONTEXT_KEYS = {
  stackName: matching(STACK_NAME, 'must start with a letter and hold only letters, digits and "-" (at most 128)'),
  configurationSetName: matching(CONFIGURATION_SET_NAME_PATTERN, CONFIGURATION_SET_NAME_RULE),
  existingConfigurationSetName: matching(CONFIGURATION_SET_NAME_PATTERN, CONFIGURATION_SET_NAME_RULE),
  existingSuppressionTableName: matching(TABLE_NAME, 'must be 3 to 255 letters, digits, "_", "-" or "."'),
  accountSuppression: parseBoolean,
  identities: parseIdentities,
  handlerMemorySize: integerBetween(128, 10_240),
  handlerTimeoutSeconds: integerBetween(1, 900),
  logRetentionDays: parseRetention,
  bounceRateWarning: parseFraction,
  bounceRateCritical: parseFraction,
  complaintRateWarning: parseFraction,
  complaintRateCritical: parseFraction,
  alarmEmail: parseEmail,
  deliveryMode: parseDeliveryMode,
  queueMaxConcurrency: integerBetween(2, 1000),
  queueBatchWindowSeconds: integerBetween(0, 300),
  queueBatchSize: integerBetween(1, 10_000),
  softBounceThreshold: integerBetween(0, 1000),
  softBounceWindowDays: integerBetween(1, 3650),
  dsnOverride: parseBoolean,
  softRecordTtlDays: integerBetween(1, 36_500),
  suppressionTtlDays: integerBetween(1, 36_500),
  applicationEvents: parseBoolean,
  softRecordEvents: parseBoolean,
  webhookUrl: parseWebhookUrl,
  webhookSecretVersion: matching(SECRET_VERSION_ID, 'must be a Secrets Manager version id (32 to 64 letters, digits and "-")'),
} as const satisfies Record<string, Parser>;
type ContextKey = keyof typeof CONTEXT_KEYS;
/** The parsed value of each key. */
type ContextValues = { -readonly [K in ContextKey]?: Extract<ReturnType<(typeof CONTEXT_KEYS)[K]>, { ok: true }>['value'] };

function matching(pattern: RegExp, rule: string): (raw: unknown) => Parsed<string> {
  return (raw) => (typeof raw === 'string' && pattern.test(raw) ? { ok: true, value: raw } : { ok: false, problem: rule });
}

function parseBoolean(raw: unknown): Parsed<boolean> {
  if (typeof raw === 'boolean') return { ok: true, value: raw };
  if (raw === 'true' || raw === 'false') return { ok: true, value: raw === 'true' };
  return { ok: false, problem: 'must be true or false' };
}

function numberOf(raw: unknown): unknown {
  return typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
}

function integerBetween(min: number, max: number): (raw: unknown) => Parsed<number> {
  return (raw) => {
    const value = numberOf(raw);
    return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
      ? { ok: true, value }
      : { ok: false, problem: `must be an integer from ${min} to ${max}` };
  };
}

function parseRetention(raw: unknown): Parsed<RetentionDays> {
  const value = numberOf(raw);
  return typeof value === 'number' && RETENTION_DAYS.has(value)
    ? { ok: true, value: value as RetentionDays }
    : { ok: false, problem: `must be one of CloudWatch Logs' retention periods: ${[...RETENTION_DAYS].sort((a, b) => a - b).join(', ')}` };
}

function parseFraction(raw: unknown): Parsed<number> {
  const value = numberOf(raw);
  return isFraction(value) ? { ok: true, value } : { ok: false, problem: FRACTION_RULE };
}

function parseDeliveryMode(raw: unknown): Parsed<DeliveryMode> {
  return typeof raw === 'string' && DELIVERY_MODES.includes(raw)
    ? { ok: true, value: raw as DeliveryMode }
    : { ok: false, problem: `must be one of ${DELIVERY_MODES.join(', ')}` };
}

/** An empty string means "no subscription", so that cdk.json can show the key unset. */
function parseEmail(raw: unknown): Parsed<string | undefined> {
  if (raw === '') return { ok: true, value: undefined };
  return typeof raw === 'string' && EMAIL_IDENTITY.test(raw) && raw.length <= 254
    ? { ok: true, value: raw }
    : { ok: false, problem: 'must be one email address, or empty for none' };
}

/** An empty string means "no webhook", so that cdk.json can show the key unset. */
function parseWebhookUrl(raw: unknown): Parsed<string | undefined> {
  if (raw === '') return { ok: true, value: undefined };
  const problem = typeof raw === 'string' ? webhookUrlProblem(raw) : 'webhookUrl must be an https:// URL';
  return problem === undefined ? { ok: true, value: raw as string } : { ok: false, problem: problem.replace(/^webhookUrl /, '').replace(/; got .*$/, '') };
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

export type { ContextKey, ContextValues, Parsed };
export { CONTEXT_KEYS };
