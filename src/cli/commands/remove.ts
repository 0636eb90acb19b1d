import { DeleteSuppressedDestinationCommand, NotFoundException } from '@aws-sdk/client-sesv2';
import { removeSuppression } from '../../admin/removeSuppression';
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
    const note = typeof context.values.note === 'string' ? context.values.note : undefined;

    const removal = await removeSuppression(context.dynamo(), context.tableName(), email, { actor: context.actor(), ...(note === undefined ? {} : { note }) });
    const report: Record<string, unknown> = {
      email,
      table: removal === undefined ? 'not-found' : 'removed',
      ...(removal === undefined ? {} : { auditKey: removal.auditKey, removed: { status: removal.removed.status, reason: removal.removed.reason } }),
    };
    const lines = [
      removal === undefined
        ? `${email}: not in the table`
        : `${email}: removed from the table (was ${removal.removed.status}, ${removal.removed.reason}); audit ${removal.auditKey}`,
    ];

    if (context.values['also-ses'] === true) {
      try {
        await context.ses().send(new DeleteSuppressedDestinationCommand({ EmailAddress: email }));
        report.ses = 'removed';
        lines.push(`${email}: removed from SES's account-level suppression list`);
      } catch (error) {
        if (!(error instanceof NotFoundException)) {
          // The table removal is done and audited: say so before the failure, or the operator
          // would retry believing nothing happened, and would not know the audit key.
          const done = removal === undefined ? 'nothing was changed in the table' : `the table removal stands (audit ${removal.auditKey})`;
          report.ses = 'failed';
          report.sesError = describeError(error);
          if (context.json) context.io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
          else context.io.stdout.write(`${lines.join('\n')}\n`);
          context.io.stderr.write(
            `error: SES DeleteSuppressedDestination failed: ${String(report.sesError)}; ${done}. Run remove --also-ses again to retry SES.\n`,
          );
          return ExitCode.FAILED;
        }
        report.ses = 'not-found';
        lines.push(`${email}: not on SES's account-level suppression list`);
      }
    }
    if (context.json) context.io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else context.io.stdout.write(`${lines.join('\n')}\n`);
    return report.table === 'removed' || report.ses === 'removed' ? ExitCode.OK : ExitCode.FAILED;
  },
};

export { remove };
