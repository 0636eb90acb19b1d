import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { startDynamoProxy } from '../local/dynamoProxy';
import { createLocalSuppressionTable, localDocumentClientFor } from '../local/localDynamo';
import { DEFAULT_IMPORT_CONCURRENCY } from '../src/admin/importEntries';
import { DEFAULT_SEGMENTS } from '../src/admin/parallelScan';
import type { Figure } from './measure';
import { type CliRunCost, runCliMeasured } from './runCli';
import { spreadOf, spreadText } from './spread';
import { inFlight } from './workload';

/** Table sizes the full-table commands are measured at: their cost must grow with it, their memory must not. */
/**
 * A size from the environment, for a quicker run on a loaded machine (the figures' names say the
 * sizes used); the defaults are the sizes the targets are stated for.
 */
function sizeFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isSafeInteger(value) && value > 0 ? value : fallback;
}

const SMALL = sizeFromEnv('BENCH_OPS_SMALL', 20_000);
const LARGE = sizeFromEnv('BENCH_OPS_LARGE', 200_000);
const SIZES = [SMALL, LARGE] as const;
const ROUNDS = sizeFromEnv('BENCH_OPS_ROUNDS', 3);
const IMPORT_LINES = sizeFromEnv('BENCH_IMPORT_LINES', 50_000);
/** Lines of the import whose requests are counted through the proxy (counting slows the run). */
const COUNTED_IMPORT_LINES = 5_000;
const PEAK_RSS_TARGET_MIB = 150;

/**
 * The operator CLI's full-table commands (export, stats, list) at 20k and 200k items and its
 * import of 50k lines, each run as the real bin in a child process against DynamoDB Local, side
 * by side with its sequential version (one Scan segment; one write in flight). Per figure: the
 * median of the rounds and their spread; time, Scan requests (pages), read units and the child's
 * peak RSS; and the per-page figures `docs/operations-scale.md` extrapolates to 10 million items.
 */
async function measureOperatorCommands(endpoint: string, workDir: string): Promise<Figure[]> {
  if (process.env.BENCH_OPS_ONLY === 'import') return measureImport(endpoint, workDir);
  if (process.env.BENCH_OPS_ONLY === 'memory') return measureStreamedMemory(endpoint, workDir);
  const client = localDocumentClientFor(endpoint);
  const figures: Figure[] = [];
  const perSize = new Map<number, Map<string, { parallel: CliRunCost[]; sequential: CliRunCost[] }>>();
  const tables = new Map<number, string>();
  for (const size of SIZES) {
    const tableName = await createLocalSuppressionTable(client, `bench-ops-${size}`);
    tables.set(size, tableName);
    process.stderr.write(`bench: seeding ${size} items ...\n`);
    await seedItems(client, tableName, size);
    const target = ['--table', tableName, '--endpoint', endpoint];
    const commands: Record<string, string[]> = {
      export: ['export', '--output', join(workDir, 'export.csv'), '--force', ...target],
      stats: ['stats', '--json', ...target],
      list: ['list', ...target],
      'list --json': ['list', '--json', ...target],
    };
    const runs = new Map(Object.keys(commands).map((name) => [name, { parallel: [] as CliRunCost[], sequential: [] as CliRunCost[] }]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, argv] of Object.entries(commands)) {
        // Alternate who goes first, so that a warm cache or a burst of load falls on both alike.
        const order = round % 2 === 0 ? (['parallel', 'sequential'] as const) : (['sequential', 'parallel'] as const);
        for (const contender of order) {
          const segments = contender === 'parallel' ? DEFAULT_SEGMENTS : 1;
          const run = await checked(runCliMeasured([...argv, '--segments', String(segments)], workDir));
          runs.get(name)?.[contender].push(run);
        }
      }
    }
    perSize.set(size, runs);
    for (const [name, { parallel, sequential }] of runs) {
      const label = `${name} ${size / 1000}k`;
      const speedUp = spreadOf(parallel.map((p, i) => (sequential[i] as CliRunCost).ms / p.ms));
      const rss = spreadOf(parallel.map((p) => p.peakRssMiB));
      const rssSequential = spreadOf(sequential.map((p) => p.peakRssMiB));
      const seconds = spreadOf(parallel.map((p) => p.ms / 1000));
      const secondsSequential = spreadOf(sequential.map((p) => p.ms / 1000));
      const pages = pagesOf(parallel[0] as CliRunCost);
      figures.push(
        { name: `${label}: time, ${DEFAULT_SEGMENTS} segments${spreadText(seconds)}`, value: seconds.median, unit: 's' },
        { name: `${label}: time, 1 segment${spreadText(secondsSequential)}`, value: secondsSequential.median, unit: 's' },
        { name: `${label}: speed-up ${DEFAULT_SEGMENTS} segments / 1${spreadText(speedUp)}`, value: speedUp.median, unit: 'x' },
        { name: `${label}: Scan requests (pages), read units ${readUnitsOf(parallel[0] as CliRunCost)}`, value: pages, unit: 'requests' },
        {
          name: `${label}: peak RSS, ${DEFAULT_SEGMENTS} segments${spreadText(rss, 0)}`,
          value: rss.median,
          unit: 'MiB',
          target: `<= ${PEAK_RSS_TARGET_MIB}`,
          meets: rss.max <= PEAK_RSS_TARGET_MIB,
        },
        { name: `${label}: peak RSS, 1 segment${spreadText(rssSequential, 0)}`, value: rssSequential.median, unit: 'MiB' },
      );
    }
  }
  figures.push(...independence(perSize), ...perPage(perSize));

  // The bad case of list: sorted output reads the whole table and keeps the first n.
  const sorted: CliRunCost[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    sorted.push(await checked(runCliMeasured(['list', '--sort', '--limit', '1000', '--table', tables.get(LARGE) as string, '--endpoint', endpoint], workDir)));
  }
  const sortedTime = spreadOf(sorted.map((run) => run.ms / 1000));
  const sortedRss = spreadOf(sorted.map((run) => run.peakRssMiB));
  figures.push(
    { name: `list --sort --limit 1000, ${LARGE / 1000}k items: time${spreadText(sortedTime)}`, value: sortedTime.median, unit: 's' },
    {
      name: `list --sort --limit 1000, ${LARGE / 1000}k items: peak RSS${spreadText(sortedRss, 0)}`,
      value: sortedRss.median,
      unit: 'MiB',
      target: `<= ${PEAK_RSS_TARGET_MIB}`,
      meets: sortedRss.max <= PEAK_RSS_TARGET_MIB,
    },
  );

  figures.push(...(await measureImport(endpoint, workDir)), ...(await measureImportMemory(endpoint, workDir)));
  return figures;
}

/** Lines of the two import files whose peak RSS is compared: memory must not follow the file. */
const IMPORT_MEMORY_SIZES = [sizeFromEnv('BENCH_IMPORT_SMALL', 100_000), sizeFromEnv('BENCH_IMPORT_LARGE', 1_000_000)] as const;

/**
 * Peak RSS of `import --dry-run` (the validation pass, which reads every line) of 100k and 1M
 * lines, side by side: the file is streamed, so the two must be alike. The writing pass streams
 * the same way; its RSS at 50k lines is in {@link measureImport}.
 */
async function measureImportMemory(endpoint: string, workDir: string): Promise<Figure[]> {
  const tableName = await createLocalSuppressionTable(localDocumentClientFor(endpoint), 'bench-import-memory');
  const rss = new Map<number, number[]>();
  for (const lines of IMPORT_MEMORY_SIZES) {
    const file = join(workDir, `import-${lines}.jsonl`);
    const stream = createWriteStream(file);
    for (let i = 0; i < lines; i++) {
      const line = `${JSON.stringify({ email: `memory${i}@example.com`, reason: 'bounce', eventAt: '2026-01-01T00:00:00Z' })}\n`;
      if (!stream.write(line)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
    }
    await new Promise<void>((resolve) => stream.end(() => resolve()));
    for (let round = 0; round < ROUNDS; round++) {
      process.stderr.write(`bench: import --dry-run ${lines} lines, round ${round + 1} ...\n`);
      const run = await checked(runCliMeasured(['import', '--default-policy', file, '--dry-run', '--table', tableName, '--endpoint', endpoint], workDir));
      rss.set(lines, [...(rss.get(lines) ?? []), run.peakRssMiB]);
    }
  }
  const [small, large] = IMPORT_MEMORY_SIZES;
  const ratio = spreadOf((rss.get(large) ?? []).map((value, i) => value / ((rss.get(small) ?? [])[i] ?? Number.NaN)));
  return [
    ...IMPORT_MEMORY_SIZES.map((lines) => {
      const spread = spreadOf(rss.get(lines) ?? []);
      return {
        name: `import --dry-run ${lines / 1000}k lines: peak RSS${spreadText(spread, 0)}`,
        value: spread.median,
        unit: 'MiB',
        target: `<= ${PEAK_RSS_TARGET_MIB}`,
        meets: spread.max <= PEAK_RSS_TARGET_MIB,
      };
    }),
    {
      name: `import: peak RSS ${large / 1000}k / ${small / 1000}k lines${spreadText(ratio)}`,
      value: ratio.median,
      unit: 'x',
      target: '<= 1.25',
      meets: ratio.max <= 1.25,
    },
  ];
}

/**
 * Only what streaming must keep flat: peak RSS of `list --json` and `export` (CSV and JSON) at
 * both table sizes side by side, and of `import` at 100k and 1M lines (`BENCH_OPS_ONLY=memory`).
 */
async function measureStreamedMemory(endpoint: string, workDir: string): Promise<Figure[]> {
  const client = localDocumentClientFor(endpoint);
  const rss = new Map<string, Map<number, number[]>>();
  for (const size of SIZES) {
    const tableName = await createLocalSuppressionTable(client, `bench-memory-${size}`);
    process.stderr.write(`bench: seeding ${size} items ...\n`);
    await seedItems(client, tableName, size);
    const target = ['--table', tableName, '--endpoint', endpoint];
    const commands: Record<string, string[]> = {
      'list --json': ['list', '--json', ...target],
      'export --format csv': ['export', '--output', join(workDir, 'memory.csv'), '--force', ...target],
      'export --format json': ['export', '--format', 'json', '--output', join(workDir, 'memory.json'), '--force', ...target],
    };
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, argv] of Object.entries(commands)) {
        const run = await checked(runCliMeasured(argv, workDir));
        const byName = rss.get(name) ?? new Map<number, number[]>();
        byName.set(size, [...(byName.get(size) ?? []), run.peakRssMiB]);
        rss.set(name, byName);
      }
    }
  }
  const figures: Figure[] = [];
  for (const [name, bySize] of rss) {
    for (const size of SIZES) {
      const spread = spreadOf(bySize.get(size) ?? []);
      figures.push({
        name: `${name} ${size / 1000}k items: peak RSS${spreadText(spread, 0)}`,
        value: spread.median,
        unit: 'MiB',
        target: `<= ${PEAK_RSS_TARGET_MIB}`,
        meets: spread.max <= PEAK_RSS_TARGET_MIB,
      });
    }
    const ratio = spreadOf((bySize.get(LARGE) ?? []).map((value, i) => value / ((bySize.get(SMALL) ?? [])[i] ?? Number.NaN)));
    figures.push({
      name: `${name}: peak RSS ${LARGE / 1000}k / ${SMALL / 1000}k items${spreadText(ratio)}`,
      value: ratio.median,
      unit: 'x',
      target: '<= 1.25',
      meets: ratio.max <= 1.25,
    });
  }
  figures.push(...(await measureImportMemory(endpoint, workDir)));
  return figures;
}

/** Peak RSS at the largest size over the smallest: 1.0 means memory does not follow the table. */
function independence(perSize: Map<number, Map<string, { parallel: CliRunCost[] }>>): Figure[] {
  const small = perSize.get(SMALL);
  const large = perSize.get(LARGE);
  return [...(large?.keys() ?? [])].map((name) => {
    const ratio = spreadOf((large?.get(name)?.parallel ?? []).map((run, i) => run.peakRssMiB / (small?.get(name)?.parallel[i]?.peakRssMiB ?? Number.NaN)));
    return {
      name: `${name}: peak RSS ${LARGE / 1000}k / ${SMALL / 1000}k items${spreadText(ratio)}`,
      value: ratio.median,
      unit: 'x',
      target: '<= 1.25',
      meets: ratio.max <= 1.25,
    };
  });
}

/**
 * Per-page figures of a sequential scan, from the difference between the two sizes, which cancels
 * what every run pays once (process start, TypeScript loading): items per page, milliseconds per
 * page and read units per page, what the docs scale to 10 million items.
 */
function perPage(perSize: Map<number, Map<string, { sequential: CliRunCost[] }>>): Figure[] {
  return ['export', 'stats'].flatMap((name) => {
    const small = perSize.get(SMALL)?.get(name)?.sequential ?? [];
    const large = perSize.get(LARGE)?.get(name)?.sequential ?? [];
    const pages = pagesOf(large[0] as CliRunCost) - pagesOf(small[0] as CliRunCost);
    const msPerPage = spreadOf(large.map((run, i) => (run.ms - (small[i] as CliRunCost).ms) / pages));
    return [
      { name: `${name}, 1 segment: items per page`, value: (LARGE - SMALL) / pages, unit: 'items' },
      { name: `${name}, 1 segment: ms per page${spreadText(msPerPage)}`, value: msPerPage.median, unit: 'ms' },
      { name: `${name}: read units per page`, value: (readUnitsOf(large[0] as CliRunCost) - readUnitsOf(small[0] as CliRunCost)) / pages, unit: 'RRU' },
    ];
  });
}

/** `import` of 50k lines: concurrent against line by line, a re-run, and its requests per line. */
async function measureImport(endpoint: string, workDir: string): Promise<Figure[]> {
  const client = localDocumentClientFor(endpoint);
  const file = join(workDir, 'import.jsonl');
  writeFileSync(
    file,
    `${Array.from({ length: IMPORT_LINES }, (_, i) => JSON.stringify({ email: `import${i}@example.com`, reason: 'bounce', eventAt: '2026-01-01T00:00:00Z' })).join('\n')}\n`,
  );
  const rates = { concurrent: [] as number[], sequential: [] as number[], rerun: [] as number[] };
  const rss: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? (['concurrent', 'sequential'] as const) : (['sequential', 'concurrent'] as const);
    for (const contender of order) {
      process.stderr.write(`bench: import ${IMPORT_LINES} lines, ${contender}, round ${round + 1} ...\n`);
      const tableName = await createLocalSuppressionTable(client, 'bench-import');
      const concurrency = contender === 'concurrent' ? DEFAULT_IMPORT_CONCURRENCY : 1;
      const run = await checked(
        runCliMeasured(['import', '--default-policy', file, '--concurrency', String(concurrency), '--table', tableName, '--endpoint', endpoint], workDir),
      );
      rates[contender].push((IMPORT_LINES / run.ms) * 1000);
      if (contender === 'concurrent') {
        rss.push(run.peakRssMiB);
        const again = await checked(runCliMeasured(['import', '--default-policy', file, '--table', tableName, '--endpoint', endpoint], workDir));
        rates.rerun.push((IMPORT_LINES / again.ms) * 1000);
      }
    }
  }
  const ratio = spreadOf(rates.concurrent.map((rate, i) => rate / (rates.sequential[i] as number)));
  const requests = await importRequestsPerLine(endpoint, workDir);
  return [
    {
      name: `import ${IMPORT_LINES / 1000}k lines, ${DEFAULT_IMPORT_CONCURRENCY} in flight${spreadText(spreadOf(rates.concurrent), 0)}`,
      value: spreadOf(rates.concurrent).median,
      unit: 'lines/s',
    },
    {
      name: `import ${IMPORT_LINES / 1000}k lines, 1 in flight${spreadText(spreadOf(rates.sequential), 0)}`,
      value: spreadOf(rates.sequential).median,
      unit: 'lines/s',
    },
    { name: `import: ${DEFAULT_IMPORT_CONCURRENCY} in flight / 1${spreadText(ratio)}`, value: ratio.median, unit: 'x', target: '>= 4', meets: ratio.min >= 4 },
    { name: `import again, every line unchanged${spreadText(spreadOf(rates.rerun), 0)}`, value: spreadOf(rates.rerun).median, unit: 'lines/s' },
    { name: `import ${IMPORT_LINES / 1000}k lines: peak RSS${spreadText(spreadOf(rss), 0)}`, value: spreadOf(rss).median, unit: 'MiB' },
    { name: 'import: write requests per line, first run', value: requests.first, unit: 'requests' },
    { name: 'import: write requests per line, re-run', value: requests.again, unit: 'requests' },
  ];
}

/** Requests per line of a first import and of a re-run, counted at the network edge. */
async function importRequestsPerLine(endpoint: string, workDir: string): Promise<{ first: number; again: number }> {
  const proxy = await startDynamoProxy(endpoint);
  try {
    const file = join(workDir, 'import-counted.jsonl');
    writeFileSync(
      file,
      Array.from({ length: COUNTED_IMPORT_LINES }, (_, i) => JSON.stringify({ email: `counted${i}@example.com`, reason: 'complaint' })).join('\n'),
    );
    const tableName = await createLocalSuppressionTable(localDocumentClientFor(endpoint), 'bench-import-counted');
    const argv = ['import', file, '--table', tableName, '--endpoint', proxy.endpoint];
    await checked(runCliMeasured(argv, workDir));
    const first = proxy.count('UpdateItem') / COUNTED_IMPORT_LINES;
    proxy.reset();
    await checked(runCliMeasured(argv, workDir));
    return { first, again: proxy.count('UpdateItem') / COUNTED_IMPORT_LINES };
  } finally {
    await proxy.close();
  }
}

/**
 * Items shaped like the store's (details, a DSN diagnostic, three SES-length feedback ids), about
 * 600 bytes each, written 25 per BatchWriteItem with 8 requests in flight.
 */
async function seedItems(client: ReturnType<typeof localDocumentClientFor>, tableName: string, count: number): Promise<void> {
  const batches = Array.from({ length: Math.ceil(count / 25) }, (_, b) => b);
  await inFlight(batches, 8, async (b) => {
    let requests = Array.from({ length: Math.min(25, count - b * 25) }, (_, j) => {
      const n = b * 25 + j;
      const fid = (k: number): string => `0100018f${n.toString(16).padStart(8, '0')}-${k}a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d-000000`;
      return {
        PutRequest: {
          Item: {
            email: `recipient${n}@customer-${n % 97}.example.com`,
            status: n % 10 === 0 ? 'soft' : 'suppressed',
            reason: n % 10 === 0 ? 'transient_bounce' : n % 7 === 0 ? 'complaint' : 'bounce',
            source: 'ses-event-publishing',
            bounceType: 'Permanent',
            bounceSubType: 'General',
            dsnStatus: '5.1.1',
            diagnosticCode: 'smtp; 550 5.1.1 <recipient@customer.example.com>: Recipient address rejected: User unknown',
            firstEventAt: '2026-01-01T00:00:00.000Z',
            lastEventAt: '2026-01-02T00:00:00.000Z',
            lastMessageId: `0100018f${n.toString(16).padStart(8, '0')}-message-000000`,
            eventCount: 3,
            decisionKey: `1#2026-01-02T00:00:00.000Z#${fid(2)}`,
            feedbackIds: new Set([fid(0), fid(1), fid(2)]),
          },
        },
      };
    });
    while (requests.length > 0) {
      const { UnprocessedItems } = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  });
}

async function checked(run: Promise<CliRunCost>): Promise<CliRunCost> {
  const result = await run;
  if (result.code !== 0) throw new Error(`CLI run failed (exit ${result.code}): ${result.stderr}`);
  return result;
}

function pagesOf(run: CliRunCost): number {
  return Number(/\((\d+) pages?,/.exec(run.stderr)?.[1] ?? Number.NaN);
}

function readUnitsOf(run: CliRunCost): number {
  return Number(/, (\d+) read units?\)/.exec(run.stderr)?.[1] ?? Number.NaN);
}

export { measureOperatorCommands, runCliMeasured };
