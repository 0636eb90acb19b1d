import { removeFromSes, removeSuppression, sesSpellings } from '../../admin/removeSuppression';
import { describeError } from '../../util/describeError';
import { SES_OPTIONS, TABLE_OPTIONS } from '../commonOptions';
import { ExitCode } from '../exitCodes';
import { singleAddress } from '../parseValues';
import type { Command } from '../types';

/** `remove <address>`: the one way suppression data is deleted, always with an audit record. */
const remove: Command = {
  name: 'remove',
  args: '<address>',
  summary: 'release a suppressed address (recorded in the audit trail)',
  details:
    'The item is deleted and an audit record holding it is written in one transaction: no removal goes unrecorded.\n' +
    'With --also-ses, SES goes first (as typed, then domain lower-cased, then all lower-case: SES matches case exactly);\n' +
    'if SES fails, nothing is changed.\n' +
    "Exit code 1 when the address was in neither the table nor (with --also-ses) SES's list.",
  options: {
    'also-ses': { type: 'boolean', description: "also delete it from SES's account-level suppression list" },
    note: { type: 'string', value: '<text>', description: 'why, for the audit trail' },
    actor: { type: 'string', value: '<name>', description: 'who, for the audit trail (default: the OS user)' },
    ...TABLE_OPTIONS,
    ...SES_OPTIONS,
  },
  async run(context) {
    const email = singleAddress(context.positionals, 'remove');
    const typed = context.positionals[0] as string;
    const note = typeof context.values.note === 'string' ? context.values.note : undefined;
    const report: Record<string, unknown> = { email };
    const lines: string[] = [];

    // SES first: if it fails, nothing has changed anywhere and a retry starts clean. Once SES is
    // done, the table removal is one transaction, and a re-run finds SES done ("not-found").
    if (context.values['also-ses'] === true) {
      let spelling: string | undefined;
      try {
        spelling = await removeFromSes(context.ses(), typed, email);
      } catch (error) {
        context.io.stderr.write(
          `error: SES DeleteSuppressedDestination failed: ${describeError(error)}; nothing was changed (neither SES nor the table). Run remove --also-ses again.\n`,
        );
        return ExitCode.FAILED;
      }
      report.ses = spelling === undefined ? 'not-found' : 'removed';
      if (spelling !== undefined) report.sesAddress = spelling;
      lines.push(
        spelling === undefined
          ? `${email}: not on SES's account-level suppression list (tried ${sesSpellings(typed, email).join(', ')})`
          : `${spelling}: removed from SES's account-level suppression list`,
      );
    }

    let removal;
    try {
      removal = await removeSuppression(context.dynamo(), context.tableName(), email, { actor: context.actor(), ...(note === undefined ? {} : { note }) });
    } catch (error) {
      if (report.ses === 'removed') context.io.stdout.write(`${lines.join('\n')}\n`);
      throw error;
    }
    report.table = removal === undefined ? 'not-found' : 'removed';
    if (removal !== undefined) {
      report.auditKey = removal.auditKey;
      report.removed = { status: removal.removed.status, reason: removal.removed.reason };
    }
    lines.unshift(
      removal === undefined
        ? `${email}: not in the table`
        : `${email}: removed from the table (was ${removal.removed.status}, ${removal.removed.reason}); audit ${removal.auditKey}`,
    );
    if (context.json) context.io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else context.io.stdout.write(`${lines.join('\n')}\n`);
    return report.table === 'removed' || report.ses === 'removed' ? ExitCode.OK : ExitCode.FAILED;
  },
};

export { remove };
