/** The runbook, relative to the docs folder: one section per alarm, headed by the alarm's construct id. */
const RUNBOOK_FILE = 'monitoring.md';

/**
 * Where the package's docs folder is published when the deployer names no other: the npm
 * package ships `docs/` (package.json `files`), and unpkg serves every published file of it at
 * this address. An alarm mail is read far from the source tree, so the link must be absolute; a
 * deployer with a rendered copy (their repository's docs on GitHub, an internal wiki) passes
 * `runbookBaseUrl` for anchors that scroll.
 */
const DEFAULT_RUNBOOK_BASE_URL = 'https://unpkg.com/ses-bounce-guard/docs';

/**
 * Where an alarm's runbook section is: `<base>/monitoring.md#<id in lower case>`, the anchor
 * GitHub and most Markdown renderers give a heading that is just the id
 * (test/lib/constructs/runbook.test.ts checks that every alarm's section exists).
 *
 * @param alarmId - the alarm's construct id, e.g. `AccountBounceRateCritical`
 * @param baseUrl - the absolute URL of the docs folder, with or without a trailing slash
 */
function runbookLink(alarmId: string, baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${RUNBOOK_FILE}#${alarmId.toLowerCase()}`;
}

/**
 * What is wrong with a runbook base URL: alarm mails show the description as text, and only an
 * absolute http(s) URL is a link there.
 *
 * @returns the problem, or `undefined` when the URL is usable
 */
function runbookBaseUrlProblem(baseUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return `runbookBaseUrl ${JSON.stringify(baseUrl)} is not an absolute URL: alarm descriptions need one to be a link`;
  }
  return url.protocol === 'https:' || url.protocol === 'http:'
    ? undefined
    : `runbookBaseUrl ${JSON.stringify(baseUrl)} must be an http(s) URL, not ${url.protocol}`;
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

export { DEFAULT_RUNBOOK_BASE_URL, OK_NOTIFIED_ALARMS, RUNBOOK_FILE, runbookBaseUrlProblem, runbookLink };
