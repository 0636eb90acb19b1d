/** The runbook: one section per alarm, headed by the alarm's construct id. */
const RUNBOOK_PATH = 'docs/monitoring.md';

/**
 * Where an alarm's runbook section is: `docs/monitoring.md#<id in lower case>`, the anchor GitHub
 * and most Markdown renderers give a heading that is just the id (test/lib/constructs/runbook.test.ts
 * checks that every alarm's section exists).
 *
 * @param alarmId - the alarm's construct id, e.g. `AccountBounceRateCritical`
 */
function runbookLink(alarmId: string): string {
  return `${RUNBOOK_PATH}#${alarmId.toLowerCase()}`;
}

/**
 * The alarms that also notify when they return to OK: those whose recovery someone waits for
 * before acting again (resume sending after a critical rate, trust the table again after failing
 * writes, stop watching a backlog). Every other alarm notifies on ALARM only, so that a first
 * deployment (INSUFFICIENT_DATA to OK for every alarm) and each self-healing blip do not mail an
 * OK nobody needs. See docs/monitoring.md, "Which alarms mail OK".
 */
const OK_NOTIFIED_ALARMS: ReadonlySet<string> = new Set([
  'AccountBounceRateCritical',
  'AccountComplaintRateCritical',
  'ConfigurationSetBounceRateCritical',
  'ConfigurationSetComplaintRateCritical',
  'FailedRecords',
  'QueueOldestMessageAge',
]);

export { OK_NOTIFIED_ALARMS, RUNBOOK_PATH, runbookLink };
