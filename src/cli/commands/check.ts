import { SuppressionScope, TENANT_NAME_PATTERN } from '../../domain/constants';
import { CheckOutcome } from '../../sender/constants';
import { SuppressionChecker } from '../../sender/SuppressionChecker';
import type { AddressCheck } from '../../sender/types';
import { TABLE_OPTIONS } from '../commonOptions';
import { UsageError } from '../errors';
import { ExitCode } from '../exitCodes';
import type { Command } from '../types';

/** `check <address...>`: whether each address is suppressed, and why. */
const check: Command = {
  name: 'check',
  args: '<address...>',
  summary: 'say whether addresses are suppressed, and why',
  details:
    'Exit code 3: at least one is suppressed, even when another argument is not an address (do not send wins);\n' +
    '2: an argument is not an address and none of the others is suppressed (the others are still checked); 0: none is.\n' +
    'Soft records (transient bounces, not-spam complaints) are shown but do not block a send.\n' +
    'With --tenant, an address suppressed for that SES tenant (exact case) is suppressed too; without it, only account-wide suppressions count.',
  options: {
    ...TABLE_OPTIONS,
    tenant: { type: 'string', value: '<name>', description: 'check for sends of this SES tenant (docs/tenants.md)' },
  },
  async run(context) {
    if (context.positionals.length === 0) throw new UsageError('check needs at least one address', 'check');
    const checker = new SuppressionChecker({ tableName: context.tableName(), client: context.dynamo(), consistentRead: true });
    const tenant = typeof context.values.tenant === 'string' ? context.values.tenant : undefined;
    if (tenant !== undefined && !TENANT_NAME_PATTERN.test(tenant)) {
      throw new UsageError(`--tenant must be an SES tenant name (1 to 64 letters, digits, '-' or '_'), got ${JSON.stringify(tenant)}`, 'check');
    }
    const checks = await checker.checkMany(context.positionals, tenant === undefined ? {} : { tenant });
    if (context.json) context.io.stdout.write(`${JSON.stringify(checks, null, 2)}\n`);
    else for (const result of checks) context.io.stdout.write(`${describeCheck(result)}\n`);
    const invalid = checks.some((c) => c.outcome === CheckOutcome.INVALID);
    if (invalid) context.io.stderr.write('error: some arguments are not email addresses\n');
    // "Do not send" outranks "bad argument": a script that tests for 3 must never miss a
    // suppressed address because another argument was not one.
    if (checks.some((c) => c.outcome === CheckOutcome.SUPPRESSED)) return ExitCode.SUPPRESSED;
    return invalid ? ExitCode.USAGE : ExitCode.OK;
  },
};

function describeCheck({ address, email, outcome, scope, record }: AddressCheck): string {
  if (outcome === CheckOutcome.INVALID) return `${address}: not an email address`;
  const forTenant = scope === SuppressionScope.TENANT ? 'for this tenant, ' : '';
  const why = record === undefined ? '' : ` (${forTenant}${record.status}, reason ${record.reason}, from ${record.source}, last event ${record.lastEventAt})`;
  return outcome === CheckOutcome.SUPPRESSED ? `${email}: SUPPRESSED${why}` : `${email}: not suppressed${why}`;
}

export { check };
