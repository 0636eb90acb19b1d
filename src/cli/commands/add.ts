import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { auditItem } from '../../admin/auditItem';
import { manualEvent, OPERATOR_REASONS } from '../../admin/operatorEvent';
import { SuppressionReason, SuppressionStatus, TENANT_NAME_PATTERN } from '../../domain/constants';
import { StoreUnavailableError } from '../../domain/errors';
import { SuppressionStore } from '../../store/SuppressionStore';
import { TABLE_OPTIONS } from '../commonOptions';
import { deployedPolicy, POLICY_OPTIONS } from '../deployedPolicy';
import { OperationFailedError, UsageError } from '../errors';
import { ExitCode } from '../exitCodes';
import { oneOf, singleAddress } from '../parseValues';
import type { Command } from '../types';

/** `add <address> [--reason <reason>]`: a manual suppression. */
const add: Command = {
  name: 'add',
  args: '<address>',
  summary: 'suppress an address by hand',
  details:
    'Written as an operator event through the same conditional update the Lambda uses, so the item looks like any\n' +
    'other; an audit record names who added it. Reasons transient_bounce and not_spam_complaint make a soft record.\n' +
    'An address that is suppressed already is left as it is (the output says so).\n' +
    'With --tenant, the address is suppressed for that SES tenant only (exact case; docs/tenants.md).',
  options: {
    reason: { type: 'string', value: '<reason>', description: `${OPERATOR_REASONS.join(', ')} (default: manual, as import)` },
    note: { type: 'string', value: '<text>', description: 'why, for the audit trail' },
    actor: { type: 'string', value: '<name>', description: 'who, for the audit trail (default: the OS user)' },
    ...POLICY_OPTIONS,
    tenant: { type: 'string', value: '<name>', description: 'suppress for this SES tenant only' },
    ...TABLE_OPTIONS,
  },
  async run(context) {
    const email = singleAddress(context.positionals, 'add');
    const reason = oneOf(context.values.reason ?? SuppressionReason.MANUAL, OPERATOR_REASONS, '--reason', 'add');
    const tableName = context.tableName();
    const now = new Date().toISOString();
    const tenant = typeof context.values.tenant === 'string' ? context.values.tenant : undefined;
    if (tenant !== undefined && !TENANT_NAME_PATTERN.test(tenant)) {
      throw new UsageError(`--tenant must be an SES tenant name (1 to 64 letters, digits, '-' or '_'), got ${JSON.stringify(tenant)}`, 'add');
    }
    const event = manualEvent(email, reason, now);
    if (tenant !== undefined && event.status !== SuppressionStatus.SUPPRESSED) {
      throw new UsageError(`--tenant suppresses for a tenant; reason ${reason} makes a soft record, which no tenant has of its own`, 'add');
    }

    const policy = await deployedPolicy(context, 'add');
    const store = new SuppressionStore({ tableName, client: context.dynamo(), policy });
    const existing = await store.get(email);
    if (existing?.status === SuppressionStatus.SUPPRESSED || (tenant !== undefined && existing?.tenants?.has(tenant))) {
      // Suppressed already: another event would only bury the real reason under "manual".
      const why = `reason ${existing.reason}, from ${existing.source}, last event ${existing.lastEventAt}`;
      if (context.json)
        context.io.stdout.write(`${JSON.stringify({ email, result: 'already-suppressed', status: existing.status, reason: existing.reason }, null, 2)}\n`);
      else context.io.stdout.write(`${email}: already suppressed (${why}); nothing changed\n`);
      return ExitCode.OK;
    }
    // For a tenant: soft for the account, the tenant joins the item's tenant set (as decide() scopes it).
    const result = await store.apply(tenant === undefined ? event : { ...event, status: SuppressionStatus.SOFT, tenant });
    if (result === 'released') {
      // A release newer than this machine's clock (another operator's, a skewed clock) wins over
      // an event of "now": say so rather than report an addition that did not happen.
      throw new OperationFailedError(
        `${email} was released by a remove at or after ${now} (this machine's time): nothing changed; check the clock and add again`,
      );
    }
    const note = typeof context.values.note === 'string' ? context.values.note : undefined;
    try {
      await context.dynamo().send(
        new PutCommand({
          TableName: tableName,
          Item: auditItem({ action: 'add', address: email, actor: context.actor(), reason, ...(note === undefined ? {} : { note }) }, now),
        }),
      );
    } catch (error) {
      throw new StoreUnavailableError(`${email} was added, but its audit record could not be written: ${(error as Error).message}`, { cause: error });
    }
    const record = await store.get(email);
    if (context.json) context.io.stdout.write(`${JSON.stringify({ email, result, status: record?.status, reason: record?.reason }, null, 2)}\n`);
    else context.io.stdout.write(`${email}: added (${tenant === undefined ? '' : `for tenant ${tenant}, `}${record?.status}, reason ${record?.reason})\n`);
    return ExitCode.OK;
  },
};

export { add };
