import { type CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { type CloudWatchClient, GetMetricStatisticsCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { type LambdaClient, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { OutputName, outputKey } from '../../contract/stackOutputs';
import { SuppressionReason } from '../../domain/constants';
import { type MetricIdentity, ReputationMetricName, SES_NAMESPACE } from '../../metrics/sesReputation';
import { CheckOutcome } from '../../sender/constants';
import { SuppressionChecker } from '../../sender/SuppressionChecker';
import { describeError } from '../../util/describeError';
import { SmokeTestSetupError } from '../errors';
import { removeSuppression } from '../removeSuppression';
import { evaluateSmokeTest, type SmokeTestRow } from './evaluateSmokeTest';

/**
 * The SES mailbox simulator's addresses: SES answers them with a bounce and a complaint, and mail
 * to them counts toward neither the sending quota nor the reputation metrics.
 * https://docs.aws.amazon.com/ses/latest/DeveloperGuide/mailbox-simulator.html */
const SIMULATOR = {
  BOUNCE: 'bounce@simulator.amazonses.com',
  COMPLAINT: 'complaint@simulator.amazonses.com',
} as const;

/** The stack outputs the smoke test reads (src/contract/stackOutputs.ts names them). */
const REQUIRED_OUTPUTS = [
  OutputName.TABLE_NAME,
  OutputName.CONFIGURATION_SET_NAME,
  OutputName.TOPIC_ARN,
  OutputName.PROCESSING_DEAD_LETTER_QUEUE_URL,
  OutputName.DELIVERY_DEAD_LETTER_QUEUE_URL,
] as const;
type StackOutputs = Record<(typeof REQUIRED_OUTPUTS)[number], string>;

/** ListMetrics pages read per metric name at most: the reputation metrics are a handful, so more means something else is wrong. */
const MAX_METRIC_PAGES = 20;

/** The AWS clients the smoke test calls; injected so that tests can point them at loopback stand-ins. */
interface SmokeTestClients {
  readonly cloudFormation: CloudFormationClient;
  readonly ses: SESv2Client;
  /** The table in the CLI's region: the stack's own, or a second region's replica (what senders there read). */
  readonly dynamo: DynamoDBDocumentClient;
  /**
   * A client for the table in another region: a second region's stack (output `TableRegion`)
   * writes to its home region's table, so the clean-up's removals go there too.
   * @default - none: a stack with a `TableRegion` output fails the setup
   */
  readonly dynamoIn?: (region: string) => DynamoDBDocumentClient;
  readonly sqs: SQSClient;
  readonly cloudWatch: CloudWatchClient;
  readonly lambda: LambdaClient;
}

/** What to test and how long to wait. */
interface SmokeTestOptions {
  readonly stackName: string;
  /**
   * The prefix of the guard's outputs: a `SesBounceGuard` with `outputs` on keys them
   * `<prefix>TableName`, ...; the standalone stack's have none.
   * @default ''
   */
  readonly guard?: string;
  /** A sender identity verified in SES (SES refuses any other `From`). */
  readonly from: string;
  /** Who the audit records of the clean-up name. */
  readonly actor: string;
  /**
   * How long to wait for the items and the topic's metric.
   * @default 180000
   */
  readonly timeoutMs?: number;
  /**
   * Pause between two looks at the table and the metric.
   * @default 5000
   */
  readonly pollIntervalMs?: number;
  /** Called with one progress line per look. */
  readonly onProgress?: (line: string) => void;
  /** @default - the current time */
  readonly now?: () => Date;
}

/** One simulator item the clean-up removed, with the key of its audit record. */
interface CleanedItem {
  readonly email: string;
  readonly auditKey: string;
  /** `before` for a leftover of an earlier run removed before sending, `after` for this run's item. */
  readonly when: 'before' | 'after';
}

/** The smoke test's result. */
interface SmokeTestReport {
  readonly stackName: string;
  /** The prefix of the outputs read (`''`: none). */
  readonly guard: string;
  /** A second region's stack: the home region its handler and the clean-up wrote to. */
  readonly tableRegion?: string;
  readonly outputs: StackOutputs;
  readonly rows: SmokeTestRow[];
  /** Every row passed. */
  readonly passed: boolean;
  readonly cleaned: CleanedItem[];
}

/**
 * Runs the post-deploy smoke test against a deployed stack: sends one mail to each simulator
 * address through the stack's configuration set, waits (bounded) for both items and the topic's
 * traffic, reads both dead-letter queues and the reputation metrics, and removes the simulator
 * items again through the audited remove path.
 *
 * Leftover simulator items of an earlier run are removed (audited) before sending, so that an item
 * found afterwards is this run's. They are the simulator's addresses, never a real recipient's.
 *
 * @example
 * const report = await runSmokeTest(clients, { stackName: 'SesBounceGuard', from: 'sender@example.com', actor: 'ops' });
 * process.exitCode = report.passed ? 0 : 1;
 * @throws SmokeTestSetupError when the stack or an output is missing, or SES refuses the mail
 */
async function runSmokeTest(clients: SmokeTestClients, options: SmokeTestOptions): Promise<SmokeTestReport> {
  const now = options.now ?? (() => new Date());
  const progress = options.onProgress ?? (() => undefined);
  const timeoutMs = options.timeoutMs ?? 180_000;
  const pollIntervalMs = options.pollIntervalMs ?? 5_000;
  const { outputs, optional } = await readOutputs(clients.cloudFormation, options.stackName, options.guard ?? '');
  // A second region's stack: its handler writes to the home region's table, and so does the
  // clean-up (every write in one region, docs/regions.md); the checks read this region's replica,
  // so that a pass proves the write and the replication back.
  const tableRegion = optional(OutputName.TABLE_REGION);
  if (tableRegion !== undefined && clients.dynamoIn === undefined) {
    throw new SmokeTestSetupError(
      `stack ${options.stackName} writes to its table in ${tableRegion} (output ${outputKey(options.guard ?? '', OutputName.TABLE_REGION)}), and no client for that region was given`,
    );
  }
  const writer = tableRegion === undefined ? clients.dynamo : (clients.dynamoIn as (region: string) => DynamoDBDocumentClient)(tableRegion);
  const cleaned: CleanedItem[] = [];
  const removeSimulatorItems = async (when: CleanedItem['when']) => {
    for (const email of Object.values(SIMULATOR)) {
      const removal = await removeSuppression(writer, outputs.TableName, email, { actor: options.actor, note: 'post-deploy smoke test', now });
      if (removal !== undefined) cleaned.push({ email, auditKey: removal.auditKey, when });
    }
  };
  await removeSimulatorItems('before');
  const checker = new SuppressionChecker({ tableName: outputs.TableName, client: clients.dynamo, consistentRead: true });
  if (tableRegion !== undefined && cleaned.length > 0) {
    // The removals reach this region's replica by replication: until they do, the leftovers
    // would pass for this run's items.
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const left = await readRecorded(checker);
      if (!left.bounce && !left.complaint) break;
      if (Date.now() + pollIntervalMs > deadline) {
        throw new SmokeTestSetupError(
          `the removals in ${tableRegion} did not reach the replica in this region within ${Math.round(timeoutMs / 1000)} s: is the table replicated here?`,
        );
      }
      progress(`smoke-test: waiting for the removals in ${tableRegion} to reach this region's replica`);
      await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
    }
  }

  // Whatever happens from the first send on, the simulator items this run caused are removed.
  let rows: SmokeTestRow[];
  try {
    // CloudWatch keeps a datapoint per period start: begin a minute early so the send's minute is in.
    const sentAt = now();
    const since = new Date(Math.floor(sentAt.getTime() / 60_000) * 60_000 - 60_000);
    for (const to of Object.values(SIMULATOR)) {
      try {
        await clients.ses.send(
          new SendEmailCommand({
            FromEmailAddress: options.from,
            Destination: { ToAddresses: [to] },
            ConfigurationSetName: outputs.ConfigurationSetName,
            Content: { Simple: { Subject: { Data: 'ses-bounce-guard smoke test' }, Body: { Text: { Data: 'ses-bounce-guard post-deploy smoke test' } } } },
          }),
        );
      } catch (error) {
        throw new SmokeTestSetupError(
          `SES refused the mail to ${to} from ${options.from}: ${describeError(error)} (is ${options.from} a verified identity, and is ses:SendEmail allowed?)`,
          { cause: error },
        );
      }
    }
    progress(
      `smoke-test: sent to ${SIMULATOR.BOUNCE} and ${SIMULATOR.COMPLAINT} through ${outputs.ConfigurationSetName}; waiting up to ${Math.round(timeoutMs / 1000)} s`,
    );

    const topicName = outputs.TopicArn.split(':').pop() ?? outputs.TopicArn;
    const deadline = Date.now() + timeoutMs;
    let recorded = { bounce: false, complaint: false };
    let published = 0;
    for (;;) {
      recorded = await readRecorded(checker);
      published = await topicMessagesPublished(clients.cloudWatch, topicName, since, now());
      const done = recorded.bounce && recorded.complaint && published > 0;
      const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      progress(
        `smoke-test: bounce ${recorded.bounce ? 'recorded' : 'waiting'}, complaint ${recorded.complaint ? 'recorded' : 'waiting'}, topic published ${published}; ${left} s left`,
      );
      if (done || Date.now() + pollIntervalMs > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
    }

    const deadLetterDepths: Record<string, number> = {};
    for (const name of ['ProcessingDeadLetterQueueUrl', 'DeliveryDeadLetterQueueUrl'] as const)
      deadLetterDepths[name] = await queueDepth(clients.sqs, outputs[name]);
    const metricsFound = await reputationMetrics(clients.cloudWatch);
    const changeEventsFunction = optional(OutputName.CHANGE_EVENTS_FUNCTION_NAME);
    const streamMapping = changeEventsFunction === undefined ? undefined : await readStreamMapping(clients, outputs.TableName, changeEventsFunction);
    rows = evaluateSmokeTest({
      configurationSetName: outputs.ConfigurationSetName,
      bounceRecorded: recorded.bounce,
      complaintRecorded: recorded.complaint,
      deadLetterDepths,
      topicMessagesPublished: published,
      metricsFound,
      ...(streamMapping === undefined ? {} : { streamMapping }),
    });
  } finally {
    await removeSimulatorItems('after');
  }
  return {
    stackName: options.stackName,
    guard: options.guard ?? '',
    ...(tableRegion === undefined ? {} : { tableRegion }),
    outputs,
    rows,
    passed: rows.length > 0 && rows.every((row) => row.passed),
    cleaned,
  };
}

/**
 * The stack's outputs, read once: the required ones by name, and a look-up of those only some
 * stacks have (the change-events function's: application events on; the home region's: a second
 * region's stack). DescribeStacks returns them as OutputKey/OutputValue pairs.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html
 */
async function readOutputs(
  cloudFormation: CloudFormationClient,
  stackName: string,
  prefix: string,
): Promise<{ outputs: StackOutputs; optional: (name: OutputName) => string | undefined }> {
  let stack;
  try {
    stack = (await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0];
  } catch (error) {
    throw new SmokeTestSetupError(`DescribeStacks for stack "${stackName}" failed: ${describeError(error)}`, { cause: error });
  }
  if (stack === undefined) throw new SmokeTestSetupError(`stack "${stackName}" does not exist`);
  const values = new Map((stack.Outputs ?? []).map((output) => [output.OutputKey, output.OutputValue]));
  const missing = REQUIRED_OUTPUTS.filter((name) => !values.get(outputKey(prefix, name)));
  if (missing.length > 0) {
    const keys = missing.map((name) => outputKey(prefix, name)).join(', ');
    throw new SmokeTestSetupError(`stack "${stackName}" has no output ${keys}: ${guardHint(prefix, [...values.keys()])}`);
  }
  const outputs = Object.fromEntries(REQUIRED_OUTPUTS.map((name) => [name, values.get(outputKey(prefix, name)) as string])) as StackOutputs;
  const optional = (name: OutputName): string | undefined => {
    const value = values.get(outputKey(prefix, name));
    return value === undefined || value === '' ? undefined : value;
  };
  return { outputs, optional };
}

/** What to try when outputs are missing: the prefixes the stack's outputs suggest, or the construct's `outputs` prop. */
function guardHint(prefix: string, keys: readonly (string | undefined)[]): string {
  const suffix = OutputName.TABLE_NAME;
  const prefixes = keys
    .filter((key): key is string => key?.endsWith(suffix) === true && key !== outputKey(prefix, suffix))
    .map((key) => key.slice(0, -suffix.length));
  if (prefixes.length > 0) return `the stack has a guard's outputs with ${prefixes.map((p) => (p === '' ? 'no --guard' : `--guard ${p}`)).join(' or ')}`;
  return 'is it a ses-bounce-guard stack, fully deployed? (a SesBounceGuard construct emits them with its prop outputs: true, then pass --guard <its id>)';
}

/**
 * The table's current stream and the DynamoDB streams the function's event source mappings read:
 * a mapping keeps the stream ARN it was created with, so after a stream is turned off and on it
 * reads a dead stream until the stack is deployed again.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeTable.html
 * https://docs.aws.amazon.com/lambda/latest/api/API_ListEventSourceMappings.html
 */
async function readStreamMapping(
  clients: SmokeTestClients,
  tableName: string,
  functionName: string,
): Promise<{ latestStreamArn: string | undefined; mappedStreamArns: string[] }> {
  const { Table: table } = await clients.dynamo.send(new DescribeTableCommand({ TableName: tableName }));
  const mappedStreamArns: string[] = [];
  let marker: string | undefined;
  for (let page = 0; page < MAX_METRIC_PAGES; page++) {
    const response = await clients.lambda.send(
      new ListEventSourceMappingsCommand({ FunctionName: functionName, ...(marker === undefined ? {} : { Marker: marker }) }),
    );
    for (const mapping of response.EventSourceMappings ?? []) {
      if (mapping.EventSourceArn?.startsWith('arn:') === true && mapping.EventSourceArn.includes(':dynamodb:')) mappedStreamArns.push(mapping.EventSourceArn);
    }
    marker = response.NextMarker;
    if (marker === undefined) break;
  }
  return { latestStreamArn: table?.LatestStreamArn, mappedStreamArns };
}

/** Whether each simulator address is suppressed with the reason its simulator answers with. */
async function readRecorded(checker: SuppressionChecker): Promise<{ bounce: boolean; complaint: boolean }> {
  const [bounce, complaint] = await checker.checkMany([SIMULATOR.BOUNCE, SIMULATOR.COMPLAINT]);
  const is = (check: typeof bounce, reason: SuppressionReason) => check?.outcome === CheckOutcome.SUPPRESSED && check.record?.reason === reason;
  return { bounce: is(bounce, SuppressionReason.BOUNCE), complaint: is(complaint, SuppressionReason.COMPLAINT) };
}

/**
 * The topic's `NumberOfMessagesPublished` sum (AWS/SNS, dimension TopicName) since the send.
 * https://docs.aws.amazon.com/sns/latest/dg/sns-monitoring-using-cloudwatch.html
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricStatistics.html
 */
async function topicMessagesPublished(cloudWatch: CloudWatchClient, topicName: string, since: Date, until: Date): Promise<number> {
  const response = await cloudWatch.send(
    new GetMetricStatisticsCommand({
      Namespace: 'AWS/SNS',
      MetricName: 'NumberOfMessagesPublished',
      Dimensions: [{ Name: 'TopicName', Value: topicName }],
      StartTime: since,
      // The end is exclusive and datapoints are stamped with their period's start: a minute past now.
      EndTime: new Date(until.getTime() + 60_000),
      Period: 60,
      Statistics: ['Sum'],
    }),
  );
  return (response.Datapoints ?? []).reduce((sum, point) => sum + (point.Sum ?? 0), 0);
}

/**
 * Messages waiting in a queue (ApproximateNumberOfMessages).
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueAttributes.html
 */
async function queueDepth(sqs: SQSClient, queueUrl: string): Promise<number> {
  const response = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
  return Number(response.Attributes?.ApproximateNumberOfMessages ?? 0);
}

/**
 * Every AWS/SES reputation metric ListMetrics knows, with its exact dimension set. ListMetrics only
 * lists metrics that reported data in the past two weeks, which is what "exists" means for an alarm.
 * https://docs.aws.amazon.com/goto/cli2/monitoring-2010-08-01/ListMetrics
 */
async function reputationMetrics(cloudWatch: CloudWatchClient): Promise<MetricIdentity[]> {
  const found: MetricIdentity[] = [];
  for (const metricName of Object.values(ReputationMetricName)) {
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_METRIC_PAGES; page++) {
      const response = await cloudWatch.send(
        new ListMetricsCommand({ Namespace: SES_NAMESPACE, MetricName: metricName, ...(nextToken === undefined ? {} : { NextToken: nextToken }) }),
      );
      for (const metric of response.Metrics ?? []) {
        if (metric.Namespace !== SES_NAMESPACE || metric.MetricName !== metricName) continue;
        found.push({ namespace: SES_NAMESPACE, metricName, dimensions: (metric.Dimensions ?? []).map((d) => ({ name: d.Name ?? '', value: d.Value ?? '' })) });
      }
      nextToken = response.NextToken;
      if (nextToken === undefined) break;
    }
  }
  return found;
}

export type { CleanedItem, SmokeTestClients, SmokeTestOptions, SmokeTestReport, StackOutputs };
export { REQUIRED_OUTPUTS, runSmokeTest, SIMULATOR };
