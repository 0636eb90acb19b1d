/**
 * `npm start [-- [--keep] [--port N] [--data-dir DIR] [--configuration-set NAME] [--verbose] [FILE|DIR ...]]`
 *
 * The whole pipeline on one machine, with no AWS account: synthesizes the stack, starts DynamoDB
 * Local, creates the table from the template's own definition, signs each SES event into an SNS
 * envelope with a certificate authority made for this run, delivers it to the bundle `cdk deploy`
 * ships through both entry shapes (SNS, then SQS: the second delivery is a redelivery), then prints
 * what happened, the table, and what the sender check decides for each address. With `--keep`,
 * DynamoDB Local then stays up for the CLI until Ctrl-C. `--help` lists every option.
 */
import { statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SNSEvent, SQSEvent } from 'aws-lambda';
import { scanRecords } from '../src/admin/scanTable';
import { SuppressionChecker } from '../src/sender/SuppressionChecker';
import { TABLE_NAME, TOPIC_ARN } from './constants';
import { assertPortFree, startDynamoDbLocal } from './dynamoDbLocal';
import { snsEnvelopeFor, snsEventFor, sqsEventFor } from './envelopes';
import { InputError, StartError, StartUsageError } from './errors';
import { formatEventsReport, watchApplicationEvents } from './eventsReport';
import { captureHandlerLogs } from './handlerLogs';
import { keepRunning } from './keepRunning';
import { loadSesEvents } from './loadSesEvents';
import { localDocumentClientFor } from './localDynamo';
import { printReport } from './report';
import { createSigningAuthority } from './snsSigningAuthority';
import { parseStartOptions, startUsage } from './startOptions';
import { type Delivery, Entry } from './summarizeRun';
import { type SynthesizedStack, synthesizeCached } from './synthesize';
import { trustCertificate } from './trustCertificate';

async function main(argv: string[]): Promise<number> {
  // The SDK's notice that its 2027 releases need Node 22 is noise in a demo; the synth child inherits this.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const options = parseStartOptions(argv);
  if (options.help) {
    process.stdout.write(startUsage());
    return 0;
  }
  // Bad input, and a port in use, are refused before anything is started.
  const events = loadSesEvents(options.inputs.length > 0 ? options.inputs : [samplesDir()]);
  const dataDir = options.dataDir === undefined ? undefined : existingDirectory(resolve(options.dataDir));
  if (options.port !== undefined) await assertPortFree(options.port);

  step('synthesizing the stack, or reusing the last synth if nothing it depends on changed');
  const stack = await synthesizeCached({ configurationSetName: options.configurationSet });
  step(
    stack.reused
      ? `reused the synthesized stack in ${stack.outdir} (lib/, lambda/, src/, bin/, cdk.json, package-lock.json and the settings unchanged)`
      : `synthesized the stack into ${stack.outdir} (cdk synth; esbuild bundled the handler)`,
  );
  step(`starting DynamoDB Local (${dataDir === undefined ? 'in memory' : `data in ${dataDir}`})`);
  // One database whatever credentials a client signs with, so the CLI sees the table with its own.
  const dynamo = await startDynamoDbLocal({
    sharedDb: true,
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(dataDir === undefined ? {} : { path: dataDir }),
  });
  step(`DynamoDB Local listening at ${dynamo.endpoint}`);
  const authority = createSigningAuthority();
  const trust = trustCertificate(authority.certUrl, authority.certificatePem);
  try {
    const client = localDocumentClientFor(dynamo.endpoint);
    await ensureTable(client, stack);
    Object.assign(process.env, {
      TABLE_NAME,
      TOPIC_ARN,
      CONFIGURATION_SET_NAME: options.configurationSet,
      // What the deployed stack sets (stack name and construct path): the metrics' Deployment dimension.
      DEPLOYMENT: 'SesBounceGuard/Guard',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
    step(`loading the deployable bundle ${stack.bundle}`);
    // The bundle is CommonJS, loaded at run time from the synthesized assembly.
    const { handler } = require(stack.bundle) as { handler: (event: SNSEvent | SQSEvent) => Promise<unknown> };

    const applicationEvents = await watchApplicationEvents(dynamo.endpoint, TABLE_NAME);
    step(`delivering ${events.length} SES events, each through SNS and then again through SQS, plus 2 forgeries`);
    // One invocation per delivery, so that whatever the handler logs is about that input.
    const deliveries: Delivery[] = [];
    const invoke = async (event: SNSEvent | SQSEvent, about: Omit<Delivery, 'logs'>): Promise<void> => {
      const capture = captureHandlerLogs(options.verbose);
      try {
        await handler(event);
      } catch {
        // The SNS entry throws for a failed record; the summary line says which and why.
      } finally {
        deliveries.push({ ...about, logs: capture.stop() });
      }
    };
    for (const [i, { event, source }] of events.entries()) {
      const envelope = authority.sign(snsEnvelopeFor(event, TOPIC_ARN, `local-${i}`));
      const about = { source, forgery: false, ...describeEvent(event) };
      await invoke(snsEventFor(envelope), { ...about, entry: Entry.SNS });
      await invoke(sqsEventFor(envelope), { ...about, entry: Entry.SQS });
    }
    // Two messages the handler must refuse: a tampered one (a field added after signing, so that
    // it differs whatever the event), and a correctly signed one from a topic that is not ours.
    const first = events[0]?.event ?? {};
    const genuine = authority.sign(snsEnvelopeFor(first, TOPIC_ARN, 'local-tampered'));
    await invoke(snsEventFor({ ...genuine, Message: typeof first === 'string' ? `${first} ` : JSON.stringify({ ...first, tampered: true }) }), {
      source: 'a signed message altered after signing',
      entry: Entry.SNS,
      forgery: true,
    });
    await invoke(sqsEventFor(authority.sign(snsEnvelopeFor(first, `${TOPIC_ARN}-someone-else`, 'local-foreign'))), {
      source: 'a signed message from another topic',
      entry: Entry.SQS,
      forgery: true,
    });

    const records = [];
    for await (const record of scanRecords(client, TABLE_NAME)) records.push(record);
    const addresses = [...new Set([...records.map((record) => record.email), 'new.customer@example.com'])];
    const checks = await new SuppressionChecker({ tableName: TABLE_NAME, client }).checkMany(addresses);
    const { exitCode, closingLine } = printReport({ deliveries, records, checks, events: events.length, configurationSet: options.configurationSet });
    process.stdout.write(formatEventsReport(await applicationEvents?.events()));
    process.stdout.write(`\n${closingLine}\n`);
    if (options.keep) await keepRunning(dynamo.endpoint, TABLE_NAME);
    return exitCode;
  } finally {
    trust.restore();
    await dynamo.stop();
  }
}

/** The samples, named relative to the working directory when they are under it (as the report then shows them). */
function samplesDir(): string {
  const samples = join(__dirname, '..', 'samples');
  const shown = relative(process.cwd(), samples);
  return shown.startsWith('..') || shown === '' ? samples : shown;
}

/** A `--data-dir` that is not a directory is refused before anything starts (DynamoDB Local would fail late, with a stack trace). */
function existingDirectory(path: string): string {
  let isDirectory = false;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    throw new StartUsageError(`--data-dir ${path}: no such directory (create it first: mkdir -p ${path})`);
  }
  if (!isDirectory) throw new StartUsageError(`--data-dir ${path}: not a directory`);
  return path;
}

/** What the report names an event by: its type, and the configuration set it was sent through. */
function describeEvent(event: Record<string, unknown> | string): Pick<Delivery, 'eventType' | 'configurationSets'> {
  if (typeof event === 'string') return {};
  const type = event.eventType ?? event.notificationType;
  const tags = (event.mail as { tags?: Record<string, unknown> } | undefined)?.tags?.['ses:configuration-set'];
  return {
    ...(typeof type === 'string' ? { eventType: type } : {}),
    ...(Array.isArray(tags) ? { configurationSets: tags.filter((name): name is string => typeof name === 'string') } : {}),
  };
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
    // Errors the user can act on are one line; anything else is a defect and keeps its stack.
    if (error instanceof StartUsageError) process.stderr.write(`start: ${error.message}\n${startUsage()}`);
    else if (error instanceof StartError) process.stderr.write(`start: ${error instanceof InputError ? 'bad input: ' : ''}${error.message}\n`);
    else process.stderr.write(`start: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = error instanceof StartError ? error.exitCode : 1;
  },
);
