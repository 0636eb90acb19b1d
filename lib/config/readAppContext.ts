import { isDeepStrictEqual } from 'node:util';
import { Duration } from 'aws-cdk-lib';
import { nearestName } from '../../src/util/nearestName';
import type { SesBounceGuardProps } from '../SesBounceGuard';
import { CONTEXT_KEYS, type ContextKey, type ContextValues } from './contextKeys';
import { InvalidConfigError } from './errors';

/** The standalone app's settings: the stack's name and the construct's props, only what was set. */
interface AppContext {
  /** CloudFormation stack name; `undefined` for the construct id's default. */
  readonly stackName: string | undefined;
  /** The construct's props: a key left unset is absent, so the construct's default applies. */
  readonly guard: SesBounceGuardProps;
}

/**
 * Our keys are camelCase words; CDK's own (`@aws-cdk/...`, `aws:cdk:...`, `acknowledged-issue-numbers`)
 * and context lookups (`availability-zones:...`) never are, so only camelCase keys can be typos of ours.
 */
const LOOKS_LIKE_OURS = /^[a-z][A-Za-z0-9]*$/;

/**
 * Validates the app's CDK context and returns the props it sets, or throws one
 * {@link InvalidConfigError} listing every problem: a value that cannot be used (naming where it
 * came from: cdk.json or `-c` on the command line) and a key we do not know (with the nearest
 * one we do). Cross-setting rules (threshold order, policy ranges) are the construct's, checked
 * when it is built.
 *
 * @example
 * readAppContext(app.node.getAllContext(), cdkJson.context)
 * @param context - every context value the app sees (`app.node.getAllContext()`)
 * @param fileContext - the `context` object of cdk.json, to tell its values from `-c` ones
 * @throws InvalidConfigError when any setting is unusable or unknown
 */
function readAppContext(context: Readonly<Record<string, unknown>>, fileContext: Readonly<Record<string, unknown>> = {}): AppContext {
  const problems: string[] = [];
  const values: ContextValues = {};
  const known = Object.keys(CONTEXT_KEYS) as ContextKey[];
  for (const [key, raw] of Object.entries(context)) {
    const origin = key in fileContext && isDeepStrictEqual(fileContext[key], raw) ? 'cdk.json' : 'the command line (-c)';
    if (!(known as string[]).includes(key)) {
      if (LOOKS_LIKE_OURS.test(key)) problems.push(`${key} (from ${origin}): unknown setting${didYouMean(key, known)}`);
      continue;
    }
    const parsed = CONTEXT_KEYS[key as ContextKey](raw);
    if (parsed.ok) (values as Record<string, unknown>)[key] = parsed.value;
    else problems.push(`${key} (from ${origin}): ${parsed.problem} (got ${JSON.stringify(raw)})`);
  }
  if (values.configurationSetName !== undefined && values.existingConfigurationSetName !== undefined) {
    problems.push('configurationSetName and existingConfigurationSetName: set one, the name of the set to create or of the set to adopt');
  }
  if (problems.length > 0) throw new InvalidConfigError(problems);
  return { stackName: values.stackName, guard: propsOf(values) };
}

/** The construct's props for the values set, each prop present only when its keys were set. */
function propsOf(v: ContextValues): SesBounceGuardProps {
  const defined = <T extends object>(object: T): Partial<T> =>
    Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
  const nonEmpty = <T extends object>(object: T): T | undefined => (Object.keys(object).length === 0 ? undefined : object);
  return defined({
    configurationSetProps: v.configurationSetName === undefined ? undefined : { configurationSetName: v.configurationSetName },
    existingConfigurationSetName: v.existingConfigurationSetName,
    existingSuppressionTableName: v.existingSuppressionTableName,
    accountSuppression: v.accountSuppression,
    identities: v.identities,
    handlerMemorySize: v.handlerMemorySize,
    handlerTimeout: v.handlerTimeoutSeconds === undefined ? undefined : Duration.seconds(v.handlerTimeoutSeconds),
    logRetention: v.logRetentionDays,
    reputationThresholds: nonEmpty(
      defined({
        bounceRateWarning: v.bounceRateWarning,
        bounceRateCritical: v.bounceRateCritical,
        complaintRateWarning: v.complaintRateWarning,
        complaintRateCritical: v.complaintRateCritical,
      }),
    ),
    alarmEmail: v.alarmEmail,
    deliveryMode: v.deliveryMode,
    subscriber: v.subscriberUrl === undefined ? undefined : { kind: 'https', url: v.subscriberUrl },
    queueOptions: nonEmpty(
      defined({
        consumer: v.queueConsumer,
        maxConcurrency: v.queueMaxConcurrency,
        batchWindow: v.queueBatchWindowSeconds === undefined ? undefined : Duration.seconds(v.queueBatchWindowSeconds),
        batchSize: v.queueBatchSize,
      }),
    ),
    policy: nonEmpty(
      defined({
        softBounceThreshold: v.softBounceThreshold,
        softBounceWindowDays: v.softBounceWindowDays,
        dsnOverride: v.dsnOverride,
        softRecordTtlDays: v.softRecordTtlDays,
        suppressionTtlDays: v.suppressionTtlDays,
      }),
    ),
    applicationEvents: nonEmpty(
      defined({ enabled: v.applicationEvents, softRecordEvents: v.softRecordEvents, webhookUrl: v.webhookUrl, webhookSecretVersion: v.webhookSecretVersion }),
    ),
  }) as SesBounceGuardProps;
}

/** `; did you mean "x"?` for the known key nearest to a typo, else the list of settings. */
function didYouMean(key: string, known: readonly string[]): string {
  const nearest = nearestName(key, known);
  return nearest !== undefined ? `; did you mean "${nearest}"?` : `; the settings are: ${known.join(', ')}`;
}

export type { AppContext };
export { readAppContext };
