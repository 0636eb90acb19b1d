import { SQSClient } from '@aws-sdk/client-sqs';
import { createReceiver } from '../../receiver/createReceiver';
import { createSqsWorker } from '../../worker/createSqsWorker';
import { TABLE_OPTIONS } from '../commonOptions';
import { clientSettings } from '../context';
import { UsageError } from '../errors';
import { ExitCode } from '../exitCodes';
import { endpointUrl } from '../localEndpoint';
import { positiveInteger } from '../parseValues';
import { RECEIVER_OPTIONS, receiverSettings } from '../receiverOptions';
import type { Command } from '../types';
import { untilShutdown } from '../untilShutdown';

const DEFAULT_CONCURRENCY = 10;

/** `worker`: the SQS worker as a process, for a container. */
const worker: Command = {
  name: 'worker',
  args: '',
  summary: 'process SES events from the SQS queue subscribed to the topic, writing them to the table',
  details:
    'Long-polls --queue-url; each message is checked (signature, topic, configuration set) and written, and deleted only\n' +
    "then. A message that fails stays in the queue: it returns after its visibility timeout and, after the queue's\n" +
    'maxReceiveCount, its redrive policy moves it to the dead-letter queue. A heartbeat extends the visibility of slow\n' +
    'batches. Any number of workers can share a queue. SIGTERM stops polling and lets batches in hand finish (at most\n' +
    '20 s). Messages without an SNS envelope (raw message delivery) are refused unless --trust-queue says the queue\n' +
    'policy admits the SES topic alone. Logs are JSON lines on stdout, addresses masked.',
  options: {
    'queue-url': { type: 'string', value: '<url>', description: 'the queue subscribed to the SES topic' },
    concurrency: { type: 'string', value: '<n>', description: `messages processed at once (default: ${DEFAULT_CONCURRENCY})` },
    'trust-queue': { type: 'boolean', description: 'process messages without an SNS envelope (raw delivery): the queue is the trust boundary' },
    'sqs-endpoint': { type: 'string', value: '<url>', description: 'SQS endpoint (for a local stand-in)' },
    ...RECEIVER_OPTIONS,
    ...TABLE_OPTIONS,
  },
  async run(context) {
    if (context.positionals.length > 0) throw new UsageError(`worker takes no arguments (got ${context.positionals.join(' ')})`, 'worker');
    const { values } = context;
    const queueUrl = typeof values['queue-url'] === 'string' ? values['queue-url'].trim() : '';
    if (queueUrl === '') throw new UsageError('--queue-url <url> is required', 'worker');
    endpointUrl(queueUrl, '--queue-url', 'worker');
    const concurrency = values.concurrency === undefined ? DEFAULT_CONCURRENCY : positiveInteger(values.concurrency, '--concurrency', 'worker');
    const region = typeof values.region === 'string' ? values.region : undefined;
    const sqsEndpoint = typeof values['sqs-endpoint'] === 'string' ? endpointUrl(values['sqs-endpoint'], '--sqs-endpoint', 'worker') : undefined;
    const receiver = createReceiver({ ...receiverSettings(context, 'worker'), tableName: context.tableName(), dynamoClient: context.dynamo() });
    const sqsWorker = createSqsWorker({
      receiver,
      queueUrl,
      sqs: new SQSClient(clientSettings(region, sqsEndpoint)),
      concurrency,
      trustQueue: values['trust-queue'] === true,
    });
    sqsWorker.start();
    await untilShutdown();
    await sqsWorker.stop();
    return ExitCode.OK;
  },
};

export { worker };
