import { Token } from 'aws-cdk-lib';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { policyProblems, type SuppressionPolicy } from '../../src/domain/policy';
import { PARTITION_KEY } from '../../src/store/suppressionSchema';
import { applicationEventsProblems } from '../constructs/ApplicationEvents';
import { outputsProblems } from '../constructs/GuardOutputs';
import { reputationThresholdProblems, resolveReputationThresholds } from '../constructs/monitoring/reputationThresholds';
import { runbookBaseUrlProblem } from '../constructs/monitoring/runbook';
import { DEFAULT_CONFIGURATION_SET_NAME } from '../constructs/SesEventPipeline';
import type { SesBounceGuardProps } from '../SesBounceGuard';
import { CONFIGURATION_SET_NAME_PATTERN, CONFIGURATION_SET_NAME_RULE } from './configurationSetName';
import { InvalidPropsError } from './InvalidPropsError';
import { emailProblem, identitiesProblem, integerProblem, type RangedSetting, tableNameProblem } from './valueRules';
import { webhookUrlProblem } from './webhookUrl';

/**
 * Without a batch window, an SQS event source takes at most 10 messages per batch.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
 */
const MAX_BATCH_WITHOUT_WINDOW = 10;

/**
 * Every conflict and invalid value in a {@link SesBounceGuardProps}, each naming its prop. The
 * value rules are the context reader's (valueRules), so that the construct refuses what the
 * standalone app refuses; values that are tokens (known only at deploy) are not checked.
 *
 * @returns one message per problem; empty when the props can be built
 */
function guardPropsProblems(props: SesBounceGuardProps, policy: SuppressionPolicy): string[] {
  const problems: string[] = [...policyProblems(policy), ...reputationThresholdProblems(resolveReputationThresholds(props.reputationThresholds))];
  const check = (prop: string, problem: string | undefined) => {
    if (problem !== undefined) problems.push(`${prop} ${problem}`);
  };
  const known = (value: string | undefined): value is string => value !== undefined && !Token.isUnresolved(value);
  const ranged = (prop: string, setting: RangedSetting, value: number | undefined) => {
    if (value !== undefined && !Token.isUnresolved(value)) check(`${prop}:`, integerProblem(setting, value));
  };

  if (props.existingConfigurationSetName !== undefined && props.configurationSetProps !== undefined) {
    problems.push(
      'existingConfigurationSetName and configurationSetProps cannot both be set: pass the name of the set to adopt, or the settings of the set to create',
    );
  }
  if (props.existingSuppressionTable !== undefined && props.suppressionTableProps !== undefined) {
    problems.push('existingSuppressionTable and suppressionTableProps cannot both be set: pass the table to adopt, or the settings of the table to create');
  }
  if (props.existingSuppressionTableName !== undefined && (props.existingSuppressionTable !== undefined || props.suppressionTableProps !== undefined)) {
    problems.push(
      'existingSuppressionTableName cannot be set together with existingSuppressionTable or suppressionTableProps: name one table to adopt, or the settings of the table to create',
    );
  }
  const runbookProblem = props.runbookBaseUrl === undefined ? undefined : runbookBaseUrlProblem(props.runbookBaseUrl);
  if (runbookProblem !== undefined) problems.push(runbookProblem);

  const configurationSetNames = [
    props.existingConfigurationSetName ?? props.configurationSetProps?.configurationSetName ?? DEFAULT_CONFIGURATION_SET_NAME,
    ...(props.additionalConfigurationSets ?? []).map((set) => set.configurationSetName),
  ].filter(known);
  for (const name of configurationSetNames) {
    if (!CONFIGURATION_SET_NAME_PATTERN.test(name)) problems.push(`configuration set name ${JSON.stringify(name)} ${CONFIGURATION_SET_NAME_RULE}`);
  }
  // SES compares configuration set names case-sensitively, but one set named twice would get two
  // event destinations of one name.
  const repeated = configurationSetNames.filter((name, i) => configurationSetNames.indexOf(name) !== i);
  if (repeated.length > 0) problems.push(`additionalConfigurationSets: configuration set listed more than once: ${[...new Set(repeated)].join(', ')}`);
  for (const [prop, name] of [
    ['existingSuppressionTableName', props.existingSuppressionTableName],
    ['suppressionTableProps.tableName', props.suppressionTableProps?.tableName],
  ] as const) {
    if (known(name)) check(`${prop} ${JSON.stringify(name)}`, tableNameProblem(name));
  }
  if (known(props.alarmEmail)) check(`alarmEmail ${JSON.stringify(props.alarmEmail)}`, emailProblem(props.alarmEmail));
  if (props.identities !== undefined) check('identities:', identitiesProblem(props.identities.filter((identity) => !Token.isUnresolved(identity))));

  ranged('handlerMemorySize', 'handlerMemorySize', props.handlerMemorySize);
  ranged('handlerTimeout (seconds)', 'handlerTimeoutSeconds', props.handlerTimeout?.toSeconds());
  const { batchSize, batchWindow, maxConcurrency } = props.queueOptions ?? {};
  ranged('queueOptions.maxConcurrency', 'queueMaxConcurrency', maxConcurrency);
  ranged('queueOptions.batchWindow (seconds)', 'queueBatchWindowSeconds', batchWindow?.toSeconds());
  ranged('queueOptions.batchSize', 'queueBatchSize', batchSize);
  if (batchSize !== undefined && batchSize > MAX_BATCH_WITHOUT_WINDOW && batchWindow !== undefined && batchWindow.toSeconds() === 0) {
    problems.push(`queueOptions.batchSize: more than ${MAX_BATCH_WITHOUT_WINDOW} needs a batchWindow of 1 second or more (SQS event source rule)`);
  }
  // The policy's lower bounds are the domain's (policyProblems, above); the upper ones are the
  // context's, checked only where the domain found nothing, so that no value is reported twice.
  const policyFields = ['softBounceThreshold', 'softBounceWindowDays', 'softRecordTtlDays', 'suppressionTtlDays'] as const;
  for (const field of policyFields) {
    if (!problems.some((problem) => problem.startsWith(`${field} `))) ranged(`policy.${field}`, field, policy[field]);
  }

  const queueMode = props.deliveryMode === 'queue';
  if (props.subscriber?.kind === 'https') {
    if (queueMode)
      problems.push("subscriber: an HTTPS endpoint is subscribed in direct mode; in queue mode a worker consumes the queue (queueOptions.consumer 'external')");
    const url = props.subscriber.url;
    if (known(url)) check('subscriber.url', webhookUrlProblem(url)?.replace(/^webhookUrl /, ''));
  }
  if (props.queueOptions?.consumer === 'external' && !queueMode) problems.push("queueOptions.consumer 'external' needs deliveryMode 'queue'");
  const table = props.existingSuppressionTable;
  if (table instanceof Table) {
    const { partitionKeys, sortKeys } = table.schemaV2();
    const [partitionKey] = partitionKeys;
    if (partitionKeys.length !== 1 || partitionKey?.name !== PARTITION_KEY || partitionKey.type !== AttributeType.STRING || sortKeys.length > 0) {
      const describe = (keys: typeof partitionKeys) => keys.map((key) => `${key.name} (${key.type})`).join(' + ');
      const found = `${describe(partitionKeys)}${sortKeys.length === 0 ? '' : ` with sort key ${describe(sortKeys)}`}`;
      problems.push(`existingSuppressionTable must have the string partition key "${PARTITION_KEY}" and no sort key; it has ${found}`);
    }
  }
  problems.push(...applicationEventsProblems(props.applicationEvents ?? {}, props.existingSuppressionTable).map((problem) => `applicationEvents: ${problem}`));
  return problems;
}

/**
 * Throws one {@link InvalidPropsError} listing every problem {@link guardPropsProblems} finds.
 * @throws InvalidPropsError when any prop conflicts or is invalid
 */
function checkGuardProps(props: SesBounceGuardProps, policy: SuppressionPolicy, id: string): void {
  const problems = [...guardPropsProblems(props, policy), ...outputsProblems(props.outputs, id)];
  if (problems.length > 0) throw new InvalidPropsError('SesBounceGuard', problems);
}

export { checkGuardProps, guardPropsProblems };
