/**
 * `npm start [-- [--data-dir DIR] [--configuration-set NAME] [--verbose] [FILE|DIR ...]]`
 *
 * The whole pipeline on one machine, with no AWS account: synthesizes the stack, starts DynamoDB
 * Local, creates the table from the template's own definition, signs each SES event into an SNS
 * envelope with a certificate authority made for this run, delivers it to the bundle `cdk deploy`
 * ships through both entry shapes (SNS, then SQS: the second delivery is a redelivery), then prints
 * what happened, the table, and what the sender check decides for each address.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CreateTableCommand, DescribeTableCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SNSEvent, SQSEvent } from 'aws-lambda';
import { SuppressionChecker } from '../src/sender/SuppressionChecker';
import { scanRecords } from '../src/admin/scanTable';
import { startDynamoDbLocal } from './dynamoDbLocal';
import { InputError, loadSesEvents } from './loadSesEvents';
import { localDocumentClientFor } from './localDynamo';
import { createSigningAuthority } from './snsSigningAuthority';
import { type SynthesizedStack, synthesize } from './synthesize';
import { trustCertificate } from './trustCertificate';
import { printReport } from './report';
import { type HandlerLog, captureHandlerLogs } from './handlerLogs';
import { snsEventFor, snsEnvelopeFor, sqsEventFor } from './envelopes';
import { formatEventsReport, watchApplicationEvents } from './eventsReport';

const TABLE_NAME = 'ses-bounce-guard-local';
const TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:ses-bounce-guard-local';

async function main(argv: string[]): Promise<number> {
  // The SDK's notice that its 2027 releases need Node 22 is noise in a demo; the synth child inherits this.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      'configuration-set': { type: 'string', default: 'txn-mail' },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write('usage: npm start -- [--data-dir DIR] [--configuration-set NAME] [--verbose] [FILE|DIR ...]\n');
    return 0;
  }
  // Bad input is refused before anything is started.
  const events = loadSesEvents(positionals.length > 0 ? positionals : [join(__dirname, '..', 'samples')]);

  const outdir = mkdtempSync(join(tmpdir(), 'ses-bounce-guard-start-'));
  const dataDir = values['data-dir'] === undefined ? undefined : resolve(values['data-dir']);
  step('synthesizing the stack (cdk synth; esbuild bundles the handler)');
  const stack = await synthesize(outdir, { configurationSetName: values['configuration-set'] });
  step(`starting DynamoDB Local (${dataDir === undefined ? 'in memory' : `data in ${dataDir}`})`);
  const dynamo = await startDynamoDbLocal(dataDir === undefined ? {} : { path: dataDir });
  step(`DynamoDB Local listening at ${dynamo.endpoint}`);
  const authority = createSigningAuthority();
  const trust = trustCertificate(authority.certUrl, authority.certificatePem);
  try {
    const client = localDocumentClientFor(dynamo.endpoint);
    await ensureTable(client, stack);
    Object.assign(process.env, {
      TABLE_NAME,
      TOPIC_ARN,
      CONFIGURATION_SET_NAME: values['configuration-set'],
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
    step(`loading the deployable bundle ${stack.bundle}`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { handler } = require(stack.bundle) as { handler: (event: SNSEvent | SQSEvent) => Promise<unknown> };

    const applicationEvents = await watchApplicationEvents(dynamo.endpoint, TABLE_NAME);
    step(`delivering ${events.length} SES events, each through SNS and then again through SQS, plus 2 forgeries`);
    const logs: HandlerLog[] = [];
    const invoke = async (event: SNSEvent | SQSEvent): Promise<void> => {
      const capture = captureHandlerLogs(values.verbose);
      try {
        await handler(event);
      } catch {
        // The SNS entry throws for a failed record; the summary line says which and why.
      } finally {
        logs.push(...capture.stop());
      }
    };
    for (const [i, { event }] of events.entries()) {
      const envelope = authority.sign(snsEnvelopeFor(event, TOPIC_ARN, `local-${i}`));
      await invoke(snsEventFor(envelope));
      await invoke(sqsEventFor(envelope));
    }
    // Two messages the handler must refuse: a tampered one, and one from a topic that is not ours.
    const first = events[0]?.event ?? {};
    const genuine = authority.sign(snsEnvelopeFor(first, TOPIC_ARN, 'local-tampered'));
    await invoke(snsEventFor({ ...genuine, Message: String(genuine.Message).replace(/Permanent|Transient/, 'Undetermined') }));
    await invoke(sqsEventFor(authority.sign(snsEnvelopeFor(first, `${TOPIC_ARN}-someone-else`, 'local-foreign'))));

    const records = [];
    for await (const record of scanRecords(client, TABLE_NAME)) records.push(record);
    const addresses = [...new Set([...records.map((record) => record.email), 'new.customer@example.com'])];
    const checks = await new SuppressionChecker({ tableName: TABLE_NAME, client }).checkMany(addresses);
    const code = printReport({ logs, records, checks, events: events.length });
    process.stdout.write(formatEventsReport(await applicationEvents?.events()));
    return code;
  } finally {
    trust.restore();
    await dynamo.stop();
    rmSync(outdir, { recursive: true, force: true });
  }
}

async function ensureTable(client: DynamoDBDocumentClient, stack: SynthesizedStack): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: TABLE_NAME }));
    step(`table ${TABLE_NAME} already in the data directory: kept`);
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    step(`creating table ${TABLE_NAME} from the template's definition`);
    await client.send(new CreateTableCommand({ TableName: TABLE_NAME, ...stack.table, BillingMode: stack.table.BillingMode as 'PAY_PER_REQUEST' | undefined }));
  }
}

function step(text: string): void {
  process.stderr.write(`start: ${text}\n`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(error instanceof InputError ? `start: bad input: ${error.message}\n` : `start: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = error instanceof InputError ? 2 : 1;
  },
);
