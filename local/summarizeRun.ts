import type { HandlerLog } from './handlerLogs';

/** The entry shapes a local run delivers through. */
const Entry = { SNS: 'SNS', SQS: 'SQS' } as const;
type Entry = (typeof Entry)[keyof typeof Entry];

/** One handler invocation of a local run: what was delivered, and what the handler logged meanwhile. */
interface Delivery {
  /** Where the event came from: `file`, `file [i]` for an item of an array, or what a forgery is. */
  readonly source: string;
  readonly entry: Entry;
  /** One of the run's own forged messages, which the handler must reject. */
  readonly forgery: boolean;
  /** The event's `eventType` or `notificationType`, to name an ignored one by. */
  readonly eventType?: string;
  /** The event's `mail.tags["ses:configuration-set"]`, to tell a configuration-set mismatch from a forgery. */
  readonly configurationSets?: readonly string[];
  readonly logs: readonly HandlerLog[];
}

/** What summarizeRun compares the events with. */
interface SummarizeOptions {
  /** The configuration set the handler was given (`--configuration-set`). */
  readonly configurationSet?: string;
}

/** How each of the user's deliveries ended: one count per delivery, adding up to `total`. */
interface DeliveryCounts {
  readonly total: number;
  /** The handler acted on the event's recipients (see {@link RecipientCounts}). */
  readonly recorded: number;
  readonly ignored: number;
  readonly setupNotices: number;
  readonly rejected: number;
  readonly failed: number;
}

/** What became of the recipients of the recorded deliveries: one count per recipient, adding up to `total`. */
interface RecipientCounts {
  readonly total: number;
  readonly suppressedByReason: Readonly<Record<string, number>>;
  readonly softByReason: Readonly<Record<string, number>>;
  readonly duplicates: number;
  readonly invalid: number;
}

/** A problem with one input, named by its source and the entries it came through. */
interface InputProblem {
  readonly source: string;
  readonly entries: readonly Entry[];
  readonly problem: string;
}

/** What the handler did with the user's events, kept apart from the run's own forgeries. */
interface RunSummary {
  /** The handler's `batch processed` counts, summed over the user's deliveries. */
  readonly totals: Readonly<Record<'records' | 'applied' | 'duplicates' | 'ignored' | 'rejected' | 'invalidRecipients' | 'failed', number>>;
  readonly suppressedByReason: Readonly<Record<string, number>>;
  readonly softByReason: Readonly<Record<string, number>>;
  /** Deliveries of SES's setup notice the handler acknowledged (counted in `totals.ignored` too). */
  readonly setupNotices: number;
  /** The user's events the handler rejected as unauthentic, with the handler's reason. */
  readonly rejections: readonly InputProblem[];
  /** The user's events whose record failed, with the handler's problem. */
  readonly failures: readonly InputProblem[];
  /** The user's events the handler does not act on, each with its type. */
  readonly ignoredEvents: readonly InputProblem[];
  /** Recipients without a valid address, each masked as the handler logs it. */
  readonly invalidRecipients: readonly InputProblem[];
  readonly deliveries: DeliveryCounts;
  readonly recipients: RecipientCounts;
  readonly forgeries: {
    readonly delivered: number;
    /** The reasons the handler gave, one per forgery it rejected. */
    readonly rejectedBecause: readonly string[];
    /** Forgeries the handler did not reject: each one a defect. */
    readonly accepted: readonly { readonly source: string; readonly entry: Entry }[];
  };
}

const REJECTED = 'SNS message rejected: nothing written';
const SUMMARY = 'batch processed';
const SETUP_NOTICE = 'SES setup notice acknowledged: nothing written';
const INVALID_RECIPIENT = 'recipient has no valid address: skipped';

/**
 * Reads a local run's deliveries into counts and named problems. Each delivery is one invocation,
 * so whatever the handler logged during it is about that input: a failure or a rejection is named
 * by its file and item rather than by the SNS message id the run made up.
 */
function summarizeRun(deliveries: readonly Delivery[], options: SummarizeOptions = {}): RunSummary {
  const totals = { records: 0, applied: 0, duplicates: 0, ignored: 0, rejected: 0, invalidRecipients: 0, failed: 0 };
  const suppressedByReason: Record<string, number> = {};
  const softByReason: Record<string, number> = {};
  const rejections = new Map<string, { source: string; entries: Entry[]; problem: string }>();
  const failures = new Map<string, { source: string; entries: Entry[]; problem: string }>();
  const ignoredEvents = new Map<string, { source: string; entries: Entry[]; problem: string }>();
  const invalidRecipients = new Map<string, { source: string; entries: Entry[]; problem: string }>();
  const counts = { total: 0, recorded: 0, ignored: 0, setupNotices: 0, rejected: 0, failed: 0 };
  const rejectedBecause: string[] = [];
  const accepted: { source: string; entry: Entry }[] = [];
  let setupNotices = 0;

  for (const delivery of deliveries) {
    const rejectionReasons = delivery.logs.filter((log) => log.message === REJECTED).map((log) => String(log.reason));
    if (delivery.forgery) {
      if (rejectionReasons.length > 0) rejectedBecause.push(...rejectionReasons);
      else accepted.push({ source: delivery.source, entry: delivery.entry });
      continue;
    }
    for (const summary of delivery.logs.filter((log) => log.message === SUMMARY)) {
      for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += Number(summary[key] ?? 0);
      add(suppressedByReason, summary.suppressedByReason);
      add(softByReason, summary.softByReason);
    }
    const notices = delivery.logs.filter((log) => log.message === SETUP_NOTICE).length;
    setupNotices += notices;
    for (const reason of rejectionReasons) note(rejections, delivery, mismatch(delivery, options.configurationSet) ?? reason);
    const errors = delivery.logs.filter((entry) => entry.level === 'ERROR');
    for (const log of errors) note(failures, delivery, String(log.problem ?? log.error ?? log.message));
    for (const log of delivery.logs.filter((entry) => entry.message === INVALID_RECIPIENT)) note(invalidRecipients, delivery, String(log.recipient));
    const ignored = delivery.logs.some((log) => log.message === SUMMARY && Number(log.ignored ?? 0) > 0);
    // One outcome per delivery, the gravest first, so that the counts add up to the deliveries.
    counts.total++;
    if (errors.length > 0) counts.failed++;
    else if (rejectionReasons.length > 0) counts.rejected++;
    else if (notices > 0) counts.setupNotices++;
    else if (ignored) {
      counts.ignored++;
      note(ignoredEvents, delivery, `event type ${delivery.eventType ?? 'unknown'}, not acted on`);
    } else counts.recorded++;
  }
  const suppressed = Object.values(suppressedByReason).reduce((sum, n) => sum + n, 0);
  const soft = Object.values(softByReason).reduce((sum, n) => sum + n, 0);
  return {
    totals,
    suppressedByReason,
    softByReason,
    setupNotices,
    rejections: [...rejections.values()],
    failures: [...failures.values()],
    ignoredEvents: [...ignoredEvents.values()],
    invalidRecipients: [...invalidRecipients.values()],
    deliveries: counts,
    recipients: {
      total: suppressed + soft + totals.duplicates + totals.invalidRecipients,
      suppressedByReason,
      softByReason,
      duplicates: totals.duplicates,
      invalid: totals.invalidRecipients,
    },
    forgeries: { delivered: deliveries.filter((d) => d.forgery).length, rejectedBecause, accepted },
  };
}

/**
 * The rejection of an event sent through another configuration set than the run's, called that:
 * a valid event the handler was told to refuse, not a forgery.
 */
function mismatch(delivery: Delivery, expected: string | undefined): string | undefined {
  const named = delivery.configurationSets ?? [];
  const other = named.find((name) => name !== expected);
  if (expected === undefined || other === undefined) return undefined;
  return `configuration set mismatch: the event was sent through "${other}", this run's handler expects "${expected}" (pass --configuration-set ${other})`;
}

/** One line per input and problem, listing every entry it happened through. */
function note(into: Map<string, { source: string; entries: Entry[]; problem: string }>, delivery: Delivery, problem: string): void {
  const key = JSON.stringify([delivery.source, problem]);
  const seen = into.get(key);
  if (seen === undefined) into.set(key, { source: delivery.source, entries: [delivery.entry], problem });
  else if (!seen.entries.includes(delivery.entry)) seen.entries.push(delivery.entry);
}

function add(into: Record<string, number>, counts: unknown): void {
  for (const [key, n] of Object.entries((counts ?? {}) as Record<string, number>)) into[key] = (into[key] ?? 0) + n;
}

export type { Delivery, DeliveryCounts, InputProblem, RecipientCounts, RunSummary, SummarizeOptions };
export { Entry, summarizeRun };
