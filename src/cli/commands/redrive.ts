import { LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { functionDestination, queueDestination, type RedriveDestination } from '../../admin/redriveDestinations';
import { type RedriveReport, redriveMessages } from '../../admin/redriveMessages';
import { REGION_OPTIONS } from '../commonOptions';
import { UsageError } from '../errors';
import { ExitCode } from '../exitCodes';
import { positiveInteger } from '../parseValues';
import { plural } from '../plural';
import type { Command, CommandContext } from '../types';

/** Problems listed in the human output; `--json` lists them all. */
const MAX_LISTED = 20;

/** `redrive`: messages of a dead-letter queue back to the queue or the function that processes them. */
const redrive: Command = {
  name: 'redrive',
  args: '',
  summary: 'move messages from a dead-letter queue back for processing',
  details:
    'Queue mode: --source <ProcessingDeadLetterQueueUrl> --target <QueueUrl> moves the messages back to the queue.\n' +
    'Direct mode: --source <ProcessingDeadLetterQueueUrl or DeliveryDeadLetterQueueUrl> --function <name> invokes the\n' +
    'function again (asynchronously) with the event each message holds (a Lambda invocation record or an SNS envelope).\n' +
    'A message is deleted from the source only after the destination took it; messages that fail or cannot be read stay\n' +
    'in the source. Re-processing a message twice is harmless: every write is idempotent.\n' +
    'Exit code 0: every message received was moved; 1: some stayed (see the list), or a queue or function does not exist.',
  options: {
    source: { type: 'string', value: '<queue-url>', description: 'the dead-letter queue to empty' },
    target: { type: 'string', value: '<queue-url>', description: 'the queue to move messages to (queue mode)' },
    function: { type: 'string', value: '<name|arn>', description: 'the function to invoke with each message (direct mode)' },
    max: { type: 'string', value: '<n>', description: 'stop after n messages (default: all)' },
    'dry-run': { type: 'boolean', description: 'receive and check the messages, move nothing' },
    'sqs-endpoint': { type: 'string', value: '<url>', description: 'SQS endpoint (for a local stand-in)' },
    'lambda-endpoint': { type: 'string', value: '<url>', description: 'Lambda endpoint (for a local stand-in)' },
    ...REGION_OPTIONS,
  },
  async run(context) {
    const { values } = context;
    if (context.positionals.length > 0) throw new UsageError(`redrive takes no arguments (got ${context.positionals.join(' ')})`, 'redrive');
    const source = queueUrl(values.source, '--source');
    const target = values.target === undefined ? undefined : queueUrl(values.target, '--target');
    const functionName = typeof values.function === 'string' ? values.function.trim() : undefined;
    if ((target === undefined) === (functionName === undefined))
      throw new UsageError('give exactly one of --target <queue-url> and --function <name>', 'redrive');
    if (functionName === '') throw new UsageError('--function needs a function name or ARN', 'redrive');
    if (target === source) throw new UsageError('--target is the --source queue', 'redrive');
    const max = values.max === undefined ? undefined : positiveInteger(values.max, '--max', 'redrive');

    const sqs = new SQSClient(context.clientSettings('sqs-endpoint'));
    const destination: RedriveDestination =
      target !== undefined
        ? queueDestination(sqs, target)
        : functionDestination(new LambdaClient(context.clientSettings('lambda-endpoint')), functionName as string);
    const report = await redriveMessages(sqs, source, destination, {
      dryRun: values['dry-run'] === true,
      ...(max === undefined ? {} : { max }),
      onBatch: (r) => context.io.stderr.write(`redrive: ${r.received} received, ${r.moved} ${r.dryRun ? 'movable' : 'moved'}\n`),
    });
    if (context.json) context.io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else writeSummary(context, report);
    return report.failed + report.skipped > 0 ? ExitCode.FAILED : ExitCode.OK;
  },
};

function queueUrl(value: unknown, option: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`${option} <queue-url> is required`, 'redrive');
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new UsageError(
      `${option} is not a URL (got ${JSON.stringify(value)}); pass the queue URL, e.g. https://sqs.us-east-1.amazonaws.com/123456789012/name`,
      'redrive',
    );
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.pathname.split('/').filter(Boolean).length !== 2) {
    throw new UsageError(`${option} is not an SQS queue URL (got ${JSON.stringify(value)}): expected https://<host>/<account>/<queue-name>`, 'redrive');
  }
  return url.toString().replace(/\/$/, '');
}

function writeSummary(context: CommandContext, report: RedriveReport): void {
  const out = (line: string): unknown => context.io.stdout.write(`${line}\n`);
  out(`from queue ${report.source} (about ${plural(report.approximateInSource, 'message')}) to ${report.destination}`);
  if (report.dryRun) out(`dry run: received ${report.received}, would move ${report.moved}, would leave ${report.skipped}; nothing was moved`);
  else out(`received ${report.received}, moved ${report.moved}, failed ${report.failed}, skipped ${report.skipped}`);
  if (report.notDeleted > 0)
    out(`${plural(report.notDeleted, 'message')} moved but not deleted from the source: a later run hands them on again (harmless, writes are idempotent)`);
  if (report.problems.length > 0) out(`left in the source (${report.problems.length}):`);
  for (const { messageId, reason } of report.problems.slice(0, MAX_LISTED)) out(`  ${messageId}: ${reason}`);
}

export { redrive };
