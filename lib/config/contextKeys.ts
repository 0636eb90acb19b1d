import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { SECRET_VERSION_ID } from '../constructs/ApplicationEvents';
import { DeliveryMode } from '../constructs/constants';
import { FRACTION_RULE, isFraction } from '../constructs/monitoring/reputationThresholds';
import { CONFIGURATION_SET_NAME_PATTERN, CONFIGURATION_SET_NAME_RULE } from '../validation/configurationSetName';
import { emailProblem, identitiesProblem, integerProblem, type RangedSetting, TABLE_NAME_RULE, tableNameProblem } from '../validation/valueRules';
import { webhookUrlProblem } from '../validation/webhookUrl';

/** A parsed context value, or why it cannot be used. */
type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };
type Parser = (raw: unknown) => Parsed<unknown>;

/** CloudFormation: starts with a letter; letters, digits and `-`, at most 128 characters. */
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
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
  existingSuppressionTableName: (raw: unknown): Parsed<string> =>
    typeof raw === 'string' && tableNameProblem(raw) === undefined ? { ok: true, value: raw } : { ok: false, problem: TABLE_NAME_RULE },
  accountSuppression: parseBoolean,
  identities: parseIdentities,
  handlerMemorySize: integerIn('handlerMemorySize'),
  handlerTimeoutSeconds: integerIn('handlerTimeoutSeconds'),
  logRetentionDays: parseRetention,
  bounceRateWarning: parseFraction,
  bounceRateCritical: parseFraction,
  complaintRateWarning: parseFraction,
  complaintRateCritical: parseFraction,
  alarmEmail: parseEmail,
  deliveryMode: parseDeliveryMode,
  queueMaxConcurrency: integerIn('queueMaxConcurrency'),
  queueBatchWindowSeconds: integerIn('queueBatchWindowSeconds'),
  queueBatchSize: integerIn('queueBatchSize'),
  softBounceThreshold: integerIn('softBounceThreshold'),
  softBounceWindowDays: integerIn('softBounceWindowDays'),
  dsnOverride: parseBoolean,
  softRecordTtlDays: integerIn('softRecordTtlDays'),
  suppressionTtlDays: integerIn('suppressionTtlDays'),
  applicationEvents: parseBoolean,
  softRecordEvents: parseBoolean,
  webhookUrl: parseWebhookUrl,
  subscriberUrl: parseSubscriberUrl,
  queueConsumer: (raw: unknown): Parsed<'function' | 'external'> =>
    raw === 'function' || raw === 'external' ? { ok: true, value: raw } : { ok: false, problem: 'must be function or external' },
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

/** A whole number in its setting's range (valueRules' RANGES, which the construct checks too). */
function integerIn(setting: RangedSetting): (raw: unknown) => Parsed<number> {
  return (raw) => {
    const value = numberOf(raw);
    if (typeof value !== 'number') return { ok: false, problem: integerProblem(setting, Number.NaN) as string };
    const problem = integerProblem(setting, value);
    return problem === undefined ? { ok: true, value } : { ok: false, problem };
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
  return typeof raw === 'string' && emailProblem(raw) === undefined
    ? { ok: true, value: raw }
    : { ok: false, problem: 'must be one email address, or empty for none' };
}

/** An empty string means "no webhook", so that cdk.json can show the key unset. */
function parseWebhookUrl(raw: unknown): Parsed<string | undefined> {
  if (raw === '') return { ok: true, value: undefined };
  const problem = typeof raw === 'string' ? webhookUrlProblem(raw) : 'webhookUrl must be an https:// URL';
  return problem === undefined ? { ok: true, value: raw as string } : { ok: false, problem: problem.replace(/^webhookUrl /, '').replace(/; got .*$/, '') };
}

/** An HTTPS endpoint subscribed instead of the function; an empty string means none (the function). */
function parseSubscriberUrl(raw: unknown): Parsed<string | undefined> {
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
  const problem = identitiesProblem(list);
  return problem === undefined ? { ok: true, value: list as string[] } : { ok: false, problem };
}

export type { ContextKey, ContextValues, Parsed };
export { CONTEXT_KEYS };
