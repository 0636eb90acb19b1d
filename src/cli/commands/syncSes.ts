import { syncSesSuppressions } from '../../admin/syncSesSuppressions';
import { SCAN_OPTIONS, SES_OPTIONS, TABLE_OPTIONS } from '../commonOptions';
import { deployedPolicy, POLICY_OPTIONS, requirePolicySource } from '../deployedPolicy';
import { UsageError } from '../errors';
import { ExitCode } from '../exitCodes';
import { plural } from '../plural';
import { createProgress } from '../progress';
import { scanSettings } from '../scanSettings';
import type { Command } from '../types';

/** Addresses listed per drift direction in the human output; `--json` lists them all. */
const MAX_LISTED = 20;

/** `sync-ses`: SES's account-level suppression list into the table, with the drift both ways. */
const syncSes: Command = {
  name: 'sync-ses',
  args: '',
  summary: "copy SES's account-level suppression list into the table and report the drift",
  details:
    'Reads ListSuppressedDestinations page by page. Every entry is written as an event (reason bounce or complaint,\n' +
    'source ses-account-suppression-list); a repeated sync changes nothing. Addresses suppressed only in the table\n' +
    'are reported, not pushed to SES.',
  options: {
    'dry-run': { type: 'boolean', description: 'report the drift, write nothing' },
    ...SCAN_OPTIONS,
    ...POLICY_OPTIONS,
    ...TABLE_OPTIONS,
    ...SES_OPTIONS,
  },
  async run(context) {
    if (context.positionals.length > 0) throw new UsageError(`sync-ses takes no arguments (got ${context.positionals.join(' ')})`, 'sync-ses');
    if (context.values['dry-run'] !== true) requirePolicySource(context, 'sync-ses');
    const policy = context.values['dry-run'] === true ? undefined : await deployedPolicy(context, 'sync-ses');
    const settings = scanSettings(context, 'sync-ses');
    const sesProgress = createProgress(context.io.stderr, { label: 'sync-ses', unit: 'SES entries read' });
    const report = await syncSesSuppressions(context.ses(), context.dynamo(), context.tableName(), {
      dryRun: context.values['dry-run'] === true,
      onPage: (read) => sesProgress.update(read),
      scan: settings.scan,
      ...(policy === undefined ? {} : { policy }),
    });
    sesProgress.finish(`sync-ses: ${plural(report.sesEntries, 'SES entry', 'SES entries')} read`);
    settings.finish();
    if (context.json) {
      context.io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return ExitCode.OK;
    }
    const out = (line: string): unknown => context.io.stdout.write(`${line}\n`);
    out(`SES account-level list: ${plural(report.sesEntries, 'entry', 'entries')}; written ${report.applied}, already synced ${report.duplicates}`);
    out(`only in SES (${report.onlyInSes.length})${context.values['dry-run'] === true ? ', not written (--dry-run)' : ', now suppressed in the table'}:`);
    for (const email of report.onlyInSes.slice(0, MAX_LISTED)) out(`  ${email}`);
    out(`only in the table (${report.onlyInTable.length}), left alone:`);
    for (const email of report.onlyInTable.slice(0, MAX_LISTED)) out(`  ${email}`);
    if (report.invalid.length > 0) out(`skipped, not addresses: ${report.invalid.join(', ')}`);
    return ExitCode.OK;
  },
};

export { syncSes };
