import { type MetricIdentity, reputationMetricIdentities } from '../../metrics/sesReputation';

/** What the smoke test observed in the deployed stack; gathering it is the I/O side's job. */
interface SmokeTestObservations {
  /** The configuration set the mails were sent through (stack output `ConfigurationSetName`). */
  readonly configurationSetName: string;
  /** Whether the simulator's bounce address was found suppressed, reason bounce, before the wait ran out. */
  readonly bounceRecorded: boolean;
  /** Whether the simulator's complaint address was found suppressed, reason complaint. */
  readonly complaintRecorded: boolean;
  /** Messages waiting in each dead-letter queue, by stack output name. */
  readonly deadLetterDepths: Readonly<Record<string, number>>;
  /** The event topic's `NumberOfMessagesPublished` sum since the mails were sent. */
  readonly topicMessagesPublished: number;
  /** The reputation metrics ListMetrics returned. */
  readonly metricsFound: readonly MetricIdentity[];
  /**
   * With application events: the table's current stream (DescribeTable `LatestStreamArn`) and the
   * DynamoDB streams the change-events function's event source mappings read.
   */
  readonly streamMapping?: { readonly latestStreamArn: string | undefined; readonly mappedStreamArns: readonly string[] };
}

/** One line of the pass/fail table. */
interface SmokeTestRow {
  readonly check: string;
  readonly passed: boolean;
  /** What was seen. */
  readonly detail: string;
  /** What to do about a failure; empty when the check passed. */
  readonly fix: string;
}

/**
 * Turns the observations into the smoke test's table, one row per check, each failure with the fix
 * an operator should try first. Pure: no AWS call.
 */
function evaluateSmokeTest(observed: SmokeTestObservations): SmokeTestRow[] {
  const rows: SmokeTestRow[] = [];
  const row = (check: string, passed: boolean, detail: string, fix: string) => rows.push({ check, passed, detail, fix: passed ? '' : fix });

  row(
    'topic published',
    observed.topicMessagesPublished > 0,
    `NumberOfMessagesPublished ${observed.topicMessagesPublished}`,
    "SES published nothing to the topic: check the configuration set's event destination (BOUNCE, COMPLAINT, enabled), the topic policy for ses.amazonaws.com, and the topic key policy (kms:GenerateDataKey*, kms:Decrypt for ses.amazonaws.com).",
  );
  for (const [check, recorded, reason] of [
    ['bounce recorded', observed.bounceRecorded, 'bounce'],
    ['complaint recorded', observed.complaintRecorded, 'complaint'],
  ] as const) {
    row(
      check,
      recorded,
      recorded ? `simulator address suppressed, reason ${reason}` : 'not in the table before the wait ran out',
      observed.topicMessagesPublished > 0
        ? "The topic published but the item is missing: read the handler's log group (rejections, DynamoDB errors) and the alarms RejectedMessages and FailedRecords."
        : 'Nothing reached the topic: fix the "topic published" row first.',
    );
  }
  for (const [name, depth] of Object.entries(observed.deadLetterDepths)) {
    row(
      `${name} empty`,
      depth === 0,
      `${depth} message(s)`,
      "Events wait there unrecorded: read the handler's log for the cause, fix it, then move them back with `npx ses-bounce-guard redrive` (docs/monitoring.md, dead-letter queue sections).",
    );
  }
  if (observed.streamMapping !== undefined) {
    const { latestStreamArn, mappedStreamArns } = observed.streamMapping;
    const current = latestStreamArn !== undefined && mappedStreamArns.length > 0 && mappedStreamArns.every((arn) => arn === latestStreamArn);
    row(
      'change events read the current stream',
      current,
      current
        ? 'the event source mapping reads the table stream'
        : `table stream ${latestStreamArn ?? '(none)'}; mapping reads ${mappedStreamArns.length === 0 ? 'nothing' : mappedStreamArns.join(', ')}`,
      latestStreamArn === undefined
        ? "The table has no stream: turn one on (NEW_AND_OLD_IMAGES), then deploy again: an adopted table's stream is looked up on every deploy."
        : "The mapping reads an old stream (the table's stream was turned off and on): deploy the stack again so that it reads the current one; changes made meanwhile had no events.",
    );
  }
  const found = new Set(observed.metricsFound.map(metricKey));
  for (const expected of reputationMetricIdentities(observed.configurationSetName)) {
    const present = found.has(metricKey(expected));
    const where = expected.dimensions.length === 0 ? 'account' : `configuration set ${observed.configurationSetName}`;
    row(
      `${expected.metricName} (${where})`,
      present,
      present ? `${expected.namespace} metric exists` : `no ${expected.namespace} metric with ${describeDimensions(expected)}`,
      expected.dimensions.length === 0
        ? 'SES publishes the account rates only after the first bounces or complaints: run the smoke test again in a few minutes.'
        : "Turn on the configuration set's reputation metrics (an adopted set keeps its owner's settings), then run the smoke test again in a few minutes.",
    );
  }
  return rows;
}

/** A metric's identity as one comparable string: namespace, name and the sorted dimension set. */
function metricKey(metric: MetricIdentity): string {
  const dimensions = [...metric.dimensions].sort((a, b) => a.name.localeCompare(b.name)).map((d) => `${d.name}=${d.value}`);
  return `${metric.namespace}|${metric.metricName}|${dimensions.join(',')}`;
}

function describeDimensions(metric: MetricIdentity): string {
  return metric.dimensions.length === 0 ? 'no dimension' : metric.dimensions.map((d) => `${d.name}=${d.value}`).join(', ');
}

export type { SmokeTestObservations, SmokeTestRow };
export { evaluateSmokeTest, metricKey };
