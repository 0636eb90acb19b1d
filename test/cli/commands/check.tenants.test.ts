import { beforeEach, describe, expect, inject, it } from 'vitest';
import { ExitCode } from '../../../src/cli/exitCodes';
import { SuppressionReason, SuppressionStatus } from '../../../src/domain/constants';
import { runCli } from '../../helpers/cli';
import { recipientEvent, seed } from '../../helpers/records';
import { createSuppressionTable, scanAll } from '../../helpers/table';

describe('Command: check --tenant', () => {
  let tableName: string;
  let target: string[];

  beforeEach(async () => {
    tableName = await createSuppressionTable();
    target = ['--table', tableName, '--endpoint', inject('dynamoEndpoint')];
    // A complaint about tenant A's mail, scoped to tenant A as decide() does by default.
    await seed(
      tableName,
      recipientEvent('reader@example.com', {
        status: SuppressionStatus.SOFT,
        reason: SuppressionReason.COMPLAINT,
        bounceType: undefined,
        bounceSubType: undefined,
        tenant: 'tenant-a',
        eventAt: '2026-03-04T05:06:07.000Z',
      }),
    );
  });

  it('says an address is suppressed for the tenant whose mail it complained about, and exits 3', async () => {
    // Act
    const { code, stdout } = await runCli(['check', 'reader@example.com', '--tenant', 'tenant-a', ...target]);

    // Assess
    expect(code).toBe(ExitCode.SUPPRESSED);
    expect(stdout).toBe(
      'reader@example.com: SUPPRESSED (for this tenant, soft, reason complaint, from ses-event-publishing, last event 2026-03-04T05:06:07.000Z)\n',
    );
  });

  it('says the address is not suppressed for another tenant, nor without a tenant', async () => {
    // Act
    const other = await runCli(['check', 'reader@example.com', '--tenant', 'tenant-b', ...target]);
    const none = await runCli(['check', 'reader@example.com', ...target]);

    // Assess
    expect(other.code).toBe(ExitCode.OK);
    expect(other.stdout).toContain('reader@example.com: not suppressed (soft, reason complaint');
    expect(none.code).toBe(ExitCode.OK);
  });

  it('refuses a tenant that is no SES tenant name with exit 2, reading and writing nothing', async () => {
    // Prepare
    const before = await scanAll(tableName);

    // Act
    const { code, stderr } = await runCli(['check', 'reader@example.com', '--tenant', 'tenant a', ...target]);

    // Assess
    expect(code).toBe(ExitCode.USAGE);
    expect(stderr).toContain('--tenant must be an SES tenant name');
    expect(await scanAll(tableName)).toEqual(before);
  });
});
