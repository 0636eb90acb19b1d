import type { SuppressionRecord } from '../src/domain/types';
import type { AddressCheck } from '../src/sender/types';
import { type Delivery, summarizeRun } from './summarizeRun';

interface RunReport {
  /** How many SES events the user's inputs held. */
  readonly events: number;
  readonly deliveries: readonly Delivery[];
  readonly records: readonly SuppressionRecord[];
  readonly checks: readonly AddressCheck[];
}

/** Prints what the run did; returns the exit code (1 when a record failed or a forgery got through). */
function printReport({ events, deliveries, records, checks }: RunReport): number {
  const { totals, suppressedByReason, softByReason, setupNotices, rejections, failures, forgeries } = summarizeRun(deliveries);

  const out: string[] = [];
  out.push(
    '',
    `Delivered ${events} SES events twice each (SNS, then SQS): ${totals.records} records; and ${forgeries.delivered} forgeries of the demo's own.`,
    '',
  );
  out.push('What the handler did with your events');
  out.push(
    ...table(
      ['', 'count'],
      [
        ...Object.entries(suppressedByReason).map(([reason, n]) => [`suppressed, reason ${reason}`, String(n)]),
        ...Object.entries(softByReason).map(([reason, n]) => [`soft record, reason ${reason}`, String(n)]),
        ['duplicates (redeliveries: nothing changed)', String(totals.duplicates)],
        ['ignored event types', String(totals.ignored - setupNotices)],
        ["SES's setup notice (acknowledged, nothing written)", String(setupNotices)],
        ['rejected as unauthentic', String(totals.rejected)],
        ['recipients without a valid address', String(totals.invalidRecipients)],
        ['failed records', String(totals.failed)],
      ],
    ),
  );
  for (const { source, entries, problem } of rejections) out.push(`  rejected: ${source} (${entries.join(', ')}): ${problem}`);
  for (const { source, entries, problem } of failures) out.push(`  failed: ${source} (${entries.join(', ')}): ${problem}`);

  out.push('');
  const rejected = forgeries.delivered - forgeries.accepted.length;
  out.push(
    `demo forgeries rejected as expected: ${rejected}${forgeries.accepted.length === 0 ? '' : ` of ${forgeries.delivered}`} (${forgeries.rejectedBecause.join('; ')})`,
  );
  for (const { source, entry } of forgeries.accepted) out.push(`  NOT rejected: ${source} (${entry})`);

  out.push('', `The suppression table (${records.length} ${records.length === 1 ? 'item' : 'items'})`);
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
  process.stdout.write(`${out.join('\n')}\n`);
  return totals.failed > 0 || forgeries.accepted.length > 0 ? 1 : 0;
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
