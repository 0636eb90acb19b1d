import { SuppressionStatus } from '../../src/domain/constants';
import type { RecordOutcome } from '../../src/receiver/processTypes';

/** What one invocation did, in counts: logged once and published as metrics. */
interface BatchSummary {
  records: number;
  /** Recipient-events written now. */
  applied: number;
  /** Of those, the ones that leave an address suppressed, by reason. */
  suppressedByReason: Record<string, number>;
  /** Of those, the soft records, by reason. */
  softByReason: Record<string, number>;
  duplicates: number;
  ignored: number;
  rejected: number;
  /** Subscription confirmations acted on. */
  confirmed: number;
  invalidRecipients: number;
  /** SES events whose time was clamped into the accepted window. */
  clampedTimes: number;
  failed: number;
}

function summarize(outcomes: readonly RecordOutcome[]): BatchSummary {
  const summary: BatchSummary = {
    records: outcomes.length,
    applied: 0,
    suppressedByReason: {},
    softByReason: {},
    duplicates: 0,
    ignored: 0,
    rejected: 0,
    confirmed: 0,
    invalidRecipients: 0,
    clampedTimes: 0,
    failed: 0,
  };
  for (const outcome of outcomes) {
    switch (outcome.kind) {
      case 'processed':
        summary.applied += outcome.applied.length;
        summary.duplicates += outcome.duplicates;
        summary.invalidRecipients += outcome.invalidRecipients;
        summary.clampedTimes += outcome.clampedTimes;
        for (const { status, reason } of outcome.applied) {
          const counts = status === SuppressionStatus.SUPPRESSED ? summary.suppressedByReason : summary.softByReason;
          counts[reason] = (counts[reason] ?? 0) + 1;
        }
        break;
      case 'ignored':
        summary.ignored++;
        break;
      case 'rejected':
        summary.rejected++;
        break;
      case 'confirmed':
        summary.confirmed++;
        break;
      case 'failed':
        summary.failed++;
        break;
    }
  }
  return summary;
}

function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

export type { BatchSummary };
export { summarize, total };
