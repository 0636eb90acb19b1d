import { createSnsRequestListener } from '../../http/createSnsRequestListener';
import { startSnsServer } from '../../http/startSnsServer';
import { createReceiver } from '../../receiver/createReceiver';
import { TABLE_OPTIONS } from '../commonOptions';
import { UsageError } from '../errors';
import { ExitCode } from '../exitCodes';
import { positiveInteger } from '../parseValues';
import { RECEIVER_OPTIONS, receiverSettings } from '../receiverOptions';
import type { Command } from '../types';
import { untilShutdown } from '../untilShutdown';

const DEFAULT_PORT = 8080;
const DEFAULT_HOST = '0.0.0.0';

/** `serve`: the SNS HTTP/S endpoint as a process, for a container. */
const serve: Command = {
  name: 'serve',
  args: '',
  summary: 'receive SES events from an SNS HTTPS subscription and write them to the table',
  details:
    'POSTs to --path are SNS messages: signature, topic and configuration set are checked, subscriptions to the topic are\n' +
    'confirmed, events are written; 200 for what must not be retried, 500 when writing failed (SNS retries). GET /healthz\n' +
    'answers 200 while serving. Logs are JSON lines on stdout, addresses masked. SIGTERM stops accepting connections and\n' +
    'lets in-flight requests finish (at most 20 s). Put TLS in front (a load balancer): SNS requires HTTPS for production.',
  options: {
    port: { type: 'string', value: '<n>', description: `port to listen on; 0 picks a free one (default: ${DEFAULT_PORT})` },
    host: { type: 'string', value: '<address>', description: `address to listen on (default: ${DEFAULT_HOST})` },
    path: { type: 'string', value: '<path>', description: 'the path SNS posts to (default: /)' },
    ...RECEIVER_OPTIONS,
    ...TABLE_OPTIONS,
  },
  async run(context) {
    if (context.positionals.length > 0) throw new UsageError(`serve takes no arguments (got ${context.positionals.join(' ')})`, 'serve');
    const { values } = context;
    // 0 picks a free port (the log line says which).
    const port = values.port === undefined ? DEFAULT_PORT : values.port === '0' ? 0 : positiveInteger(values.port, '--port', 'serve');
    if (port > 65_535) throw new UsageError('--port must be at most 65535', 'serve');
    const host = typeof values.host === 'string' ? values.host : DEFAULT_HOST;
    const path = typeof values.path === 'string' ? values.path : '/';
    if (!path.startsWith('/')) throw new UsageError(`--path must start with / (got ${JSON.stringify(path)})`, 'serve');
    const receiver = createReceiver({ ...receiverSettings(context, 'serve'), tableName: context.tableName(), dynamoClient: context.dynamo() });
    const server = await startSnsServer({ listener: createSnsRequestListener({ receiver }), port, host, path });
    await untilShutdown();
    await server.close();
    return ExitCode.OK;
  },
};

export { serve };
