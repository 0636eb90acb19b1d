import type { SuppressionRecord } from '../src/domain/types';
import type { AddressCheck } from '../src/sender/types';
import type { HandlerLog } from './handlerLogs';

interface RunReport {
  readonly events: number;
  readonly logs: readonly HandlerLog[];
  readonly records: readonly SuppressionRecord[];
  readonly checks: readonly AddressCheck[];
}

/** Prints what the run did; returns the exit code (1 when a record failed). */
function printReport({ events, logs, records, checks }: RunReport): number {
  const totals = { records: 0, applied: 0, duplicates: 0, ignored: 0, rejected: 0, invalidRecipients: 0, failed: 0 };
  const suppressed: Record<string, number> = {};
  const soft: Record<string, number> = {};
  for (const line of logs.filter((entry) => entry.message === 'batch processed')) {
    for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += Number(line[key] ?? 0);
    add(suppressed, line.suppressedByReason);
    add(soft, line.softByReason);
  }
  const rejections = logs.filter((entry) => entry.message === 'SNS message rejected: nothing written').map((entry) => String(entry.reason));
  const failures = logs.filter((entry) => entry.level === 'ERROR').map((entry) => `${String(entry.snsMessageId ?? entry.sqsMessageId)}: ${String(entry.problem ?? entry.error)}`);

  const out: string[] = [];
  out.push('', `Delivered ${events} SES events twice each (SNS, then SQS) and 2 forgeries: ${totals.records} records.`, '');
  out.push('What the handler did');
  out.push(...table(['', 'count'], [
    ...Object.entries(suppressed).map(([reason, n]) => [`suppressed, reason ${reason}`, String(n)]),
    ...Object.entries(soft).map(([reason, n]) => [`soft record, reason ${reason}`, String(n)]),
    ['duplicates (redeliveries: nothing changed)', String(totals.duplicates)],
    ['ignored event types', String(totals.ignored)],
    ['rejected as unauthentic', String(totals.rejected)],
    ['recipients without a valid address', String(totals.invalidRecipients)],
    ['failed records', String(totals.failed)],
  ]));
  for (const reason of rejections) out.push(`  rejected: ${reason}`);
  for (const failure of failures) out.push(`  failed: ${failure}`);

  out.push('', `The suppression table (${records.length} items)`);
  out.push(...table(['email', 'status', 'reason', 'bounce', 'events', 'source'], records.map((r) => [
    r.email, r.status, r.reason, [r.bounceType, r.bounceSubType].filter(Boolean).join('/'), String(r.eventCount), r.origin,
  ])));

  out.push('', 'What the sender check decides');
  out.push(...table(['address', 'decision', 'why'], checks.map((c) => [
    c.address, c.outcome === 'suppressed' ? 'do not send' : c.outcome === 'clear' ? 'send' : 'invalid address',
    c.record === undefined ? 'no record' : `${c.record.status}, ${c.record.reason}`,
  ])));
  process.stdout.write(`${out.join('\n')}\n`);
  return totals.failed > 0 ? 1 : 0;
}

function add(into: Record<string, number>, counts: unknown): void {
  for (const [key, n] of Object.entries((counts ?? {}) as Record<string, number>)) into[key] = (into[key] ?? 0) + n;
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => `  ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()}`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

export { printReport, table };
