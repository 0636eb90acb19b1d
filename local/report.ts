import type { SuppressionRecord } from '../src/domain/types';
import type { AddressCheck } from '../src/sender/types';
import { type Delivery, type RunSummary, summarizeRun } from './summarizeRun';

interface RunReport {
  /** How many SES events the user's inputs held. */
  readonly events: number;
  readonly deliveries: readonly Delivery[];
  readonly records: readonly SuppressionRecord[];
  readonly checks: readonly AddressCheck[];
  /** The configuration set the handler was given. */
  readonly configurationSet?: string;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/**
 * Prints what the run did; returns the exit code (1 when one of the user's events was rejected or
 * failed, or a forgery got through: the demo's own forgeries are expected to be rejected) and the
 * line that closes the run, saying what it proved.
 */
function printReport({ events, deliveries, records, checks, configurationSet }: RunReport): { readonly exitCode: number; readonly closingLine: string } {
  const run = summarizeRun(deliveries, configurationSet === undefined ? {} : { configurationSet });
  const { deliveries: counts, recipients, rejections, failures, ignoredEvents, invalidRecipients, forgeries } = run;

  const out: string[] = [];
  out.push(
    '',
    `Delivered ${plural(events, 'SES event')} twice each (SNS, then SQS): ${plural(counts.total, 'delivery', 'deliveries')}; and ${plural(forgeries.delivered, 'forgery', 'forgeries')} of the demo's own.`,
    '',
  );
  // Two tables, each in one unit and adding up to its total: deliveries, then the recipients of the recorded ones.
  out.push(`What the handler did with your ${plural(counts.total, 'delivery', 'deliveries')}`);
  out.push(
    ...table(
      ['', 'deliveries'],
      [
        ['recorded (acted on its recipients, below)', String(counts.recorded)],
        ['ignored event types', String(counts.ignored)],
        ["SES's setup notice (acknowledged, nothing written)", String(counts.setupNotices)],
        ['rejected', String(counts.rejected)],
        ['failed', String(counts.failed)],
      ],
    ),
  );
  for (const { source, entries, problem } of ignoredEvents) out.push(`  ignored: ${source} (${entries.join(', ')}): ${problem}`);
  for (const { source, entries, problem } of rejections) out.push(`  rejected: ${source} (${entries.join(', ')}): ${problem}`);
  for (const { source, entries, problem } of failures) out.push(`  failed: ${source} (${entries.join(', ')}): ${problem}`);

  out.push('', `What became of the ${plural(recipients.total, 'recipient')} of the ${plural(counts.recorded, 'recorded delivery', 'recorded deliveries')}`);
  out.push(
    ...table(
      ['', 'recipients'],
      [
        ...Object.entries(recipients.suppressedByReason).map(([reason, n]) => [`suppressed, reason ${reason}`, String(n)]),
        ...Object.entries(recipients.softByReason).map(([reason, n]) => [`soft record, reason ${reason}`, String(n)]),
        ['duplicates (redeliveries: nothing changed)', String(recipients.duplicates)],
        ['without a valid address (skipped)', String(recipients.invalid)],
      ],
    ),
  );
  for (const { source, entries, problem } of invalidRecipients) out.push(`  invalid recipient: ${source} (${entries.join(', ')}): ${problem}`);

  out.push('');
  const rejected = forgeries.delivered - forgeries.accepted.length;
  out.push(
    `demo forgeries rejected as expected: ${rejected}${forgeries.accepted.length === 0 ? '' : ` of ${forgeries.delivered}`} (${forgeries.rejectedBecause.join('; ')})`,
  );
  for (const { source, entry } of forgeries.accepted) out.push(`  NOT rejected: ${source} (${entry})`);

  out.push('', `The suppression table (${plural(records.length, 'item')})`);
  out.push(
    ...table(
      ['email', 'status', 'reason', 'bounce', 'events', 'source'],
      records.map((r) => [r.email, r.status, r.reason, [r.bounceType, r.bounceSubType].filter(Boolean).join('/'), String(r.eventCount), r.source]),
    ),
  );

  out.push('', 'What the sender check decides');
  out.push(
    ...table(
      ['address', 'decision', 'why'],
      checks.map((c) => [
        c.address,
        c.outcome === 'suppressed' ? 'do not send' : c.outcome === 'clear' ? 'send' : 'invalid address',
        c.record === undefined ? 'no record' : `${c.record.status}, ${c.record.reason}`,
      ]),
    ),
  );
  const failed = counts.rejected + counts.failed > 0 || forgeries.accepted.length > 0;
  process.stdout.write(`${out.join('\n')}\n`);
  return { exitCode: failed ? 1 : 0, closingLine: closingLine(run, records.length, failed) };
}

/** What the run proved, or what it did not, in one line. */
function closingLine(run: RunSummary, items: number, failed: boolean): string {
  const { deliveries: counts, forgeries } = run;
  if (failed) {
    const problems = [
      counts.rejected > 0 ? `${plural(counts.rejected, 'delivery', 'deliveries')} rejected` : '',
      counts.failed > 0 ? `${plural(counts.failed, 'delivery', 'deliveries')} failed` : '',
      forgeries.accepted.length > 0 ? `${plural(forgeries.accepted.length, 'forgery', 'forgeries')} NOT rejected` : '',
    ].filter(Boolean);
    return `NOT proved: ${problems.join(', ')} (named above); exit code 1.`;
  }
  return (
    `Proved: the bundle \`cdk deploy\` ships recorded your ${plural(counts.recorded, 'delivery', 'deliveries')} through both entries ` +
    `into ${plural(items, 'table item')}, ignored ${counts.ignored + counts.setupNotices} it does not act on, ` +
    `and rejected the ${plural(forgeries.delivered, 'forgery', 'forgeries')}; the sender check reads the result.`
  );
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    `  ${cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()}`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

export { printReport, table };
