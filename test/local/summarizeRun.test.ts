import { describe, expect, it } from 'vitest';
import { type Delivery, Entry, summarizeRun } from '../../local/summarizeRun';

/** The handler's own summary line for one invocation. */
function summary(
  counts: Partial<Record<'records' | 'applied' | 'duplicates' | 'ignored' | 'rejected' | 'invalidRecipients' | 'failed', number>>,
  suppressedByReason: Record<string, number> = {},
) {
  return {
    level: 'INFO',
    message: 'batch processed',
    records: 1,
    applied: 0,
    duplicates: 0,
    ignored: 0,
    rejected: 0,
    invalidRecipients: 0,
    failed: 0,
    suppressedByReason,
    softByReason: {},
    ...counts,
  };
}

function rejection(reason: string) {
  return { level: 'WARN', message: 'SNS message rejected: nothing written', snsMessageId: 'local-1', reason };
}

const FORGERIES: Delivery[] = [
  {
    source: 'a signed message altered after signing',
    entry: Entry.SNS,
    forgery: true,
    logs: [rejection('signature does not match the message'), summary({ rejected: 1 })],
  },
  {
    source: 'a signed message from another topic',
    entry: Entry.SQS,
    forgery: true,
    logs: [rejection("topic is not the stack's topic"), summary({ rejected: 1 })],
  },
];

describe('Function: summarizeRun', () => {
  it("keeps the run's forgeries out of the counts of the user's events", () => {
    // Prepare
    const deliveries: Delivery[] = [
      { source: 'events.json', entry: Entry.SNS, forgery: false, logs: [summary({ applied: 1 }, { bounce: 1 })] },
      { source: 'events.json', entry: Entry.SQS, forgery: false, logs: [summary({ duplicates: 1 })] },
      ...FORGERIES,
    ];

    // Act
    const run = summarizeRun(deliveries);

    // Assess
    expect(run.totals).toEqual({ records: 2, applied: 1, duplicates: 1, ignored: 0, rejected: 0, invalidRecipients: 0, failed: 0 });
    expect(run.suppressedByReason).toEqual({ bounce: 1 });
    expect(run.rejections).toEqual([]);
    expect(run.forgeries).toEqual({ delivered: 2, rejectedBecause: ['signature does not match the message', "topic is not the stack's topic"], accepted: [] });
  });

  it("names the user's rejected and failed inputs by file and item, once per problem with every entry", () => {
    // Prepare
    const failure = {
      level: 'ERROR',
      message: 'malformed SES message: nothing written',
      snsMessageId: 'local-1',
      problem: 'bounce.bouncedRecipients is not an array',
    };
    const deliveries: Delivery[] = [
      { source: 'mine.json [1]', entry: Entry.SNS, forgery: false, logs: [failure, summary({ failed: 1 })] },
      { source: 'mine.json [1]', entry: Entry.SQS, forgery: false, logs: [failure, summary({ failed: 1 })] },
      { source: 'mine.json [2]', entry: Entry.SNS, forgery: false, logs: [rejection("configuration set is not the stack's"), summary({ rejected: 1 })] },
      { source: 'mine.json [2]', entry: Entry.SQS, forgery: false, logs: [rejection("configuration set is not the stack's"), summary({ rejected: 1 })] },
      ...FORGERIES,
    ];

    // Act
    const run = summarizeRun(deliveries);

    // Assess
    expect(run.totals).toMatchObject({ records: 4, rejected: 2, failed: 2 });
    expect(run.failures).toEqual([{ source: 'mine.json [1]', entries: ['SNS', 'SQS'], problem: 'bounce.bouncedRecipients is not an array' }]);
    expect(run.rejections).toEqual([{ source: 'mine.json [2]', entries: ['SNS', 'SQS'], problem: "configuration set is not the stack's" }]);
    expect(run.forgeries.accepted).toEqual([]);
  });

  it('reports a forgery the handler did not reject', () => {
    // Prepare
    const deliveries: Delivery[] = [
      FORGERIES[0] as Delivery,
      { source: 'a signed message from another topic', entry: Entry.SQS, forgery: true, logs: [summary({ applied: 1 })] },
    ];

    // Act
    const run = summarizeRun(deliveries);

    // Assess
    expect(run.forgeries).toEqual({
      delivered: 2,
      rejectedBecause: ['signature does not match the message'],
      accepted: [{ source: 'a signed message from another topic', entry: 'SQS' }],
    });
    expect(run.totals.applied).toBe(0);
  });

  it('calls the rejection of an event of another configuration set a mismatch, with the --configuration-set hint', () => {
    // Prepare
    const deliveries: Delivery[] = [Entry.SNS, Entry.SQS].map((entry) => ({
      source: 'orders.json',
      entry,
      forgery: false,
      configurationSets: ['orders'],
      logs: [rejection("configuration set is not the stack's configuration set"), summary({ rejected: 1 })],
    }));

    // Act
    const run = summarizeRun(deliveries, { configurationSet: 'txn-mail' });

    // Assess
    expect(run.rejections).toEqual([
      {
        source: 'orders.json',
        entries: [Entry.SNS, Entry.SQS],
        problem: 'configuration set mismatch: the event was sent through "orders", this run\'s handler expects "txn-mail" (pass --configuration-set orders)',
      },
    ]);
    expect(run.deliveries).toMatchObject({ total: 2, rejected: 2, recorded: 0 });
  });

  it('counts one outcome per delivery and one per recipient, each adding up to its total, and names ignored events and invalid recipients', () => {
    // Prepare
    const deliveries: Delivery[] = [
      { source: 'a.json', entry: Entry.SNS, forgery: false, logs: [summary({ applied: 2 }, { bounce: 2 })] },
      {
        source: 'a.json',
        entry: Entry.SQS,
        forgery: false,
        logs: [{ level: 'WARN', message: 'recipient has no valid address: skipped', recipient: '<7 chars>' }, summary({ duplicates: 2, invalidRecipients: 1 })],
      },
      { source: 'd.json', entry: Entry.SNS, forgery: false, eventType: 'Delivery', logs: [summary({ ignored: 1 })] },
      {
        source: 'n.json',
        entry: Entry.SNS,
        forgery: false,
        logs: [{ level: 'INFO', message: 'SES setup notice acknowledged: nothing written' }, summary({ ignored: 1 })],
      },
      { source: 'f.json', entry: Entry.SNS, forgery: false, logs: [{ level: 'ERROR', message: 'malformed', problem: 'bad' }, summary({ failed: 1 })] },
      ...FORGERIES,
    ];

    // Act
    const run = summarizeRun(deliveries);

    // Assess
    expect(run.deliveries).toEqual({ total: 5, recorded: 2, ignored: 1, setupNotices: 1, rejected: 0, failed: 1 });
    const { total, recorded, ...outcomes } = run.deliveries;
    expect(Object.values(outcomes).reduce((sum, n) => sum + n, recorded)).toBe(total);
    expect(run.recipients).toEqual({ total: 5, suppressedByReason: { bounce: 2 }, softByReason: {}, duplicates: 2, invalid: 1 });
    expect(run.ignoredEvents).toEqual([{ source: 'd.json', entries: [Entry.SNS], problem: 'event type Delivery, not acted on' }]);
    expect(run.invalidRecipients).toEqual([{ source: 'a.json', entries: [Entry.SQS], problem: '<7 chars>' }]);
  });
});
