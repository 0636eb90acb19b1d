/**
 * `npm run bench [-- --json FILE]`: measures the pipeline side by side on this machine against
 * DynamoDB Local and prints a table of figures; ratios are what to compare across machines.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startDynamoDbLocal } from '../local/dynamoDbLocal';
import { localDocumentClientFor } from '../local/localDynamo';
import { SuppressionStore } from '../src/store/SuppressionStore';
import { createHandler } from '../lambda/handler';
import { measureHandlerThroughput } from './handlerThroughput';
import type { Figure } from './measure';
import { measureRequestCounts } from './requestCounts';
import { BENCH_TOPIC_ARN, type BenchHandlerFactory } from './workload';

const makeHandler: BenchHandlerFactory = (tableName, endpoint) =>
  createHandler({
    store: new SuppressionStore({ tableName, client: localDocumentClientFor(endpoint) }),
    topicArn: BENCH_TOPIC_ARN,
    configurationSetName: 'txn-mail',
    verifySignatures: false,
  });

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { json: { type: 'string' } } });
  const dynamo = await startDynamoDbLocal();
  const figures: Figure[] = [];
  // The handler logs and emits metrics per invocation as in Lambda, so their cost is measured, but
  // thousands of lines would drown the table: they are serialised and dropped.
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    const sections: [string, () => Promise<Figure[]>][] = [
      ['handler throughput', () => measureHandlerThroughput(dynamo.endpoint, makeHandler)],
      ['DynamoDB requests', () => measureRequestCounts(dynamo.endpoint, makeHandler)],
    ];
    for (const [title, run] of sections) {
      process.stderr.write(`bench: ${title} ...\n`);
      figures.push(...(await run()));
    }
  } finally {
    process.stdout.write = write;
    await dynamo.stop();
  }
  printTable(figures);
  if (values.json !== undefined) writeFileSync(values.json, `${JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, figures }, null, 2)}\n`);
}

function printTable(figures: readonly Figure[]): void {
  const rows = figures.map((f) => [f.name, format(f.value), f.unit, f.target ?? '', f.meets === undefined ? '' : f.meets ? 'yes' : 'NO']);
  const header = ['figure', 'value', 'unit', 'target', 'met'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 1 ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join('  ');
  process.stdout.write(`${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}\n`);
}

function format(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
