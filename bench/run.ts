/**
 * `npm run bench [-- --json FILE] [-- --only WORD ...]`: measures the pipeline on this machine against DynamoDB Local,
 * contenders side by side, and prints a table; ratios are what to compare across machines.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createHandler } from '../lambda/bounceHandler/handler';
import { startDynamoDbLocal } from '../local/dynamoDbLocal';
import { localDocumentClientFor } from '../local/localDynamo';
import { createSigningAuthority } from '../local/snsSigningAuthority';
import { synthesize } from '../local/synthesize';
import { trustCertificate } from '../local/trustCertificate';
import { SuppressionStore } from '../src/store/SuppressionStore';
import { measureColdStart } from './coldStart';
import { measureEventOrder } from './eventOrder';
import { measureHandlerThroughput } from './handlerThroughput';
import { measureHotAddress } from './hotAddress';
import { measureHttpEndpoint } from './httpEndpoint';
import type { Figure } from './measure';
import { measureOneRecipient } from './oneRecipient';
import { measureOperatorCommands } from './operatorCommands';
import { measureRequestCounts } from './requestCounts';
import { measureSenderCheck } from './senderCheck';
import { measureSignatureVerification } from './signatureVerification';
import { BENCH_CONFIGURATION_SET, BENCH_TOPIC_ARN, type BenchHandlerFactory } from './workload';
import { measureWriteSize } from './writeSize';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { json: { type: 'string' }, only: { type: 'string', multiple: true } } });
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const authority = createSigningAuthority();
  const trust = trustCertificate(authority.certUrl, authority.certificatePem);
  // The handler as deployed: signatures verified (the certificate cached after the first message).
  const makeHandler: BenchHandlerFactory = (tableName, endpoint) =>
    createHandler({
      store: new SuppressionStore({ tableName, client: localDocumentClientFor(endpoint) }),
      topicArn: BENCH_TOPIC_ARN,
      configurationSetName: BENCH_CONFIGURATION_SET,
      deployment: 'Test/Guard',
    });
  const outdir = mkdtempSync(join(tmpdir(), 'ses-bounce-guard-bench-'));
  const dynamo = await startDynamoDbLocal();
  const figures: Figure[] = [];
  // The handler logs and emits metrics per invocation as in Lambda, so their cost is measured, but
  // thousands of lines would drown the table: they are serialised and dropped.
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    const sections: [string, () => Promise<Figure[]>][] = [
      ['handler throughput', () => measureHandlerThroughput(dynamo.endpoint, authority, makeHandler)],
      ['HTTPS endpoint', () => measureHttpEndpoint(dynamo.endpoint, authority, makeHandler)],
      ['DynamoDB requests', () => measureRequestCounts(dynamo.endpoint, authority, makeHandler)],
      ['one recipient per notification', () => measureOneRecipient(dynamo.endpoint, authority, makeHandler)],
      ['event order', () => measureEventOrder(dynamo.endpoint, authority, makeHandler)],
      ['hot address', () => measureHotAddress(dynamo.endpoint, authority, makeHandler)],
      ['write size', () => measureWriteSize(dynamo.endpoint)],
      ['sender check', () => measureSenderCheck(dynamo.endpoint)],
      ['signature verification', () => measureSignatureVerification(authority)],
      ['operator commands', () => measureOperatorCommands(dynamo.endpoint, outdir)],
      [
        'cold start',
        async () => {
          const stack = await synthesize(outdir);
          return measureColdStart(
            stack.bundle,
            { TABLE_NAME: 'bench', TOPIC_ARN: BENCH_TOPIC_ARN, CONFIGURATION_SET_NAME: BENCH_CONFIGURATION_SET, AWS_REGION: 'us-east-1' },
            outdir,
          );
        },
      ],
    ];
    // `--only hot` runs the sections whose title contains "hot" (repeatable).
    const only = (values.only ?? []).map((word) => word.toLowerCase());
    const chosen = only.length === 0 ? sections : sections.filter(([title]) => only.some((word) => title.toLowerCase().includes(word)));
    if (chosen.length === 0) throw new Error(`--only ${only.join(', ')} matches no section of: ${sections.map(([title]) => title).join(', ')}`);
    for (const [title, run] of chosen) {
      process.stderr.write(`bench: ${title} ...\n`);
      figures.push(...(await run()));
    }
  } finally {
    process.stdout.write = write;
    trust.restore();
    await dynamo.stop();
    rmSync(outdir, { recursive: true, force: true });
  }
  printTable(figures);
  if (values.json !== undefined) {
    writeFileSync(values.json, `${JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, figures }, null, 2)}\n`);
  }
}

function printTable(figures: readonly Figure[]): void {
  const spread = (f: Figure): string => (f.min === undefined || f.max === undefined ? '' : `${format(f.min)}..${format(f.max)}`);
  const rows = figures.map((f) => [f.name, format(f.value), spread(f), f.unit, f.target ?? '', f.meets === undefined ? '' : f.meets ? 'yes' : 'NO']);
  const header = ['figure', 'median', 'min..max', 'unit', 'target', 'met'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === 1 || i === 2 ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  process.stdout.write(`${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}\n`);
}

function format(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
