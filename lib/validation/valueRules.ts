/**
 * The rules a single setting's value must follow, written once for both entry points: the
 * standalone app's context reader (lib/config/contextKeys.ts) parses a value and then asks these,
 * and the construct (guardPropsProblems) asks the same of its props. Each returns the rule the
 * value breaks, or `undefined` when it is usable.
 */

/** DynamoDB: 3 to 255 letters, digits, `_`, `-` and `.` (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html). */
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const TABLE_NAME_RULE = 'must be 3 to 255 letters, digits, "_", "-" or "."';
const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const EMAIL_RULE = 'must be one email address';
const DOMAIN = /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/**
 * The inclusive range of each whole-number setting, with where the bound comes from: Lambda's
 * memory (128 MB to 10,240 MB) and timeout (at most 900 s),
 * https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html; an SQS event source's
 * maximum concurrency (2 to 1000), batch window (at most 300 s) and batch size (at most 10,000),
 * https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html.
 */
const RANGES = {
  handlerMemorySize: [128, 10_240],
  handlerTimeoutSeconds: [1, 900],
  queueMaxConcurrency: [2, 1000],
  queueBatchWindowSeconds: [0, 300],
  queueBatchSize: [1, 10_000],
  softBounceThreshold: [0, 1000],
  softBounceWindowDays: [1, 3650],
  softRecordTtlDays: [1, 36_500],
  suppressionTtlDays: [1, 36_500],
} as const satisfies Record<string, readonly [number, number]>;
type RangedSetting = keyof typeof RANGES;

function integerProblem(setting: RangedSetting, value: number): string | undefined {
  const [min, max] = RANGES[setting];
  return Number.isInteger(value) && value >= min && value <= max ? undefined : `must be an integer from ${min} to ${max}`;
}

function tableNameProblem(name: string): string | undefined {
  return TABLE_NAME.test(name) ? undefined : TABLE_NAME_RULE;
}

/** SNS's email protocol takes one address; 254 characters is the most a mailbox path allows (RFC 5321). */
function emailProblem(address: string): string | undefined {
  return EMAIL_ADDRESS.test(address) && address.length <= 254 ? undefined : EMAIL_RULE;
}

/** Every identity that is not an email address or domain, and every one listed twice (case ignored, as SES compares them). */
function identitiesProblem(identities: readonly unknown[]): string | undefined {
  const invalid = identities.filter((entry) => typeof entry !== 'string' || !(EMAIL_ADDRESS.test(entry) || DOMAIN.test(entry)));
  if (invalid.length > 0) return `not an email address or domain: ${invalid.map((e) => JSON.stringify(e)).join(', ')}`;
  const names = identities as readonly string[];
  const duplicates = names.filter((entry, i) => names.findIndex((other) => other.toLowerCase() === entry.toLowerCase()) !== i);
  return duplicates.length > 0 ? `listed more than once: ${duplicates.join(', ')}` : undefined;
}

export type { RangedSetting };
export { EMAIL_RULE, emailProblem, identitiesProblem, integerProblem, RANGES, TABLE_NAME_RULE, tableNameProblem };
