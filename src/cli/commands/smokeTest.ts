import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { runSmokeTest, type SmokeTestReport } from '../../admin/smokeTest/runSmokeTest';
import { REGION_OPTIONS, SES_OPTIONS, TABLE_OPTIONS } from '../commonOptions';
import { UsageError } from '../errors';
import { ExitCode } from '../exitCodes';
import { positiveInteger } from '../parseValues';
import type { Command, CommandContext } from '../types';

/** How long the command waits for the items and the topic's metric, in seconds, unless told. */
const DEFAULT_TIMEOUT_SECONDS = 180;

/** `smoke-test`: the post-deploy check of a deployed stack, end to end. */
const smokeTest: Command = {
  name: 'smoke-test',
  args: '',
  summary: 'check a deployed stack end to end with the SES mailbox simulator',
  details:
    "Reads the stack's outputs (DescribeStacks; a construct's with --guard <prefix>), sends one mail to bounce@simulator.amazonses.com and one to\n" +
    'complaint@simulator.amazonses.com through its configuration set, waits (bounded by --timeout, progress on stderr)\n' +
    "for both addresses to be suppressed in the table and for the topic's NumberOfMessagesPublished, then checks that\n" +
    'both dead-letter queues are empty and that the reputation metrics the alarms watch exist (ListMetrics). Prints a\n' +
    'pass/FAIL table with the fix for each failure. The two simulator items are removed afterwards (and any left by an\n' +
    'earlier run before sending), each with an audit record.\n' +
    "A second region's stack (output TableRegion): run it with --region <that region>; the checks read the region's\n" +
    'replica and the removals go to the home table in TableRegion.\n' +
    'Needs: cloudformation:DescribeStacks, ses:SendEmail for --from, cloudwatch:GetMetricStatistics and\n' +
    'cloudwatch:ListMetrics, plus what grantOperate gives (the table, the dead-letter queues).\n' +
    'Local stand-ins: --endpoint (DynamoDB), --ses-endpoint, --sqs-endpoint, --cloudformation-endpoint,\n' +
    '--cloudwatch-endpoint; a loopback endpoint needs no AWS credentials.\n' +
    'Exit code 0: every check passed; 1: a check failed (see the table), or the stack or an output is missing.',
  options: {
    stack: { type: 'string', value: '<name>', description: 'the deployed stack (CloudFormation stack name)' },
    guard: {
      type: 'string',
      value: '<prefix>',
      description: "the prefix of a SesBounceGuard construct's outputs (its prop outputs; default: none, as the standalone stack)",
    },
    from: { type: 'string', value: '<address>', description: 'a sender address verified in SES (required)' },
    timeout: {
      type: 'string',
      value: '<seconds>',
      description: `how long to wait for the items and the topic's traffic (default: ${DEFAULT_TIMEOUT_SECONDS})`,
    },
    actor: { type: 'string', value: '<name>', description: "who the clean-up's audit records name (default: the OS user)" },
    ...REGION_OPTIONS,
    endpoint: TABLE_OPTIONS.endpoint,
    ...SES_OPTIONS,
    'sqs-endpoint': { type: 'string', value: '<url>', description: 'SQS endpoint (for a local stand-in)' },
    'cloudformation-endpoint': { type: 'string', value: '<url>', description: 'CloudFormation endpoint (for a local stand-in)' },
    'cloudwatch-endpoint': { type: 'string', value: '<url>', description: 'CloudWatch endpoint (for a local stand-in)' },
    'lambda-endpoint': { type: 'string', value: '<url>', description: 'Lambda endpoint (for a local stand-in)' },
  },
  async run(context) {
    const { values } = context;
    if (context.positionals.length > 0) throw new UsageError(`smoke-test takes no arguments (got ${context.positionals.join(' ')})`, 'smoke-test');
    const stackName = required(values.stack, '--stack <name>');
    const guard = typeof values.guard === 'string' ? values.guard.trim() : '';
    const from = required(values.from, '--from <verified address>');
    const timeoutSeconds = values.timeout === undefined ? DEFAULT_TIMEOUT_SECONDS : positiveInteger(values.timeout, '--timeout', 'smoke-test');
    const settings = (option: string) => context.clientSettings(option);
    const clients = {
      cloudFormation: new CloudFormationClient(settings('cloudformation-endpoint')),
      cloudWatch: new CloudWatchClient(settings('cloudwatch-endpoint')),
      sqs: new SQSClient(settings('sqs-endpoint')),
      lambda: new LambdaClient(settings('lambda-endpoint')),
      ses: context.ses(),
      dynamo: context.dynamo(),
      // A second region's stack: the home table, with --endpoint's settings in the home region.
      dynamoIn: (region: string) => DynamoDBDocumentClient.from(new DynamoDBClient({ ...settings('endpoint'), region })),
    };
    const report = await runSmokeTest(clients, {
      stackName,
      guard,
      from,
      actor: context.actor(),
      timeoutMs: timeoutSeconds * 1000,
      onProgress: (line) => context.io.stderr.write(`${line}\n`),
    });
    if (context.json) context.io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else writeTable(context, report);
    return report.passed ? ExitCode.OK : ExitCode.FAILED;
  },
};

function required(value: unknown, option: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`${option} is required`, 'smoke-test');
  return value.trim();
}

/** The pass/FAIL table, one row per check, the fix under each failure; then the clean-up. */
function writeTable(context: CommandContext, report: SmokeTestReport): void {
  const out = (line: string): unknown => context.io.stdout.write(`${line}\n`);
  const width = Math.max(...report.rows.map((row) => row.check.length));
  out(`smoke test of stack ${report.stackName}${report.guard === '' ? '' : `, guard ${report.guard}`}`);
  for (const row of report.rows) {
    out(`${row.check.padEnd(width)}  ${row.passed ? 'pass' : 'FAIL'}  ${row.detail}`);
    if (!row.passed) out(`${' '.repeat(width)}  fix:  ${row.fix}`);
  }
  const failed = report.rows.filter((row) => !row.passed).length;
  out(failed === 0 ? `all ${report.rows.length} checks passed` : `${failed} of ${report.rows.length} checks FAILED`);
  for (const item of report.cleaned)
    out(`removed ${item.email} (${item.when === 'before' ? 'left by an earlier run' : "this run's item"}), audit record ${item.auditKey}`);
}

export { smokeTest };
