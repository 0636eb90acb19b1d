import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { ExitCode } from '../../../src/cli/exitCodes';
import { SuppressionReason, SuppressionStatus } from '../../../src/domain/constants';
import { runCli } from '../../helpers/cli';
import { recipientEvent, seed } from '../../helpers/records';
import { createSuppressionTable, scanAll } from '../../helpers/table';

describe('Commands: export, then import, of tenants’ suppressions', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tenants-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(['csv', 'jsonl'])('restores the tenant set and the tenant rank from a %s export into an empty table', async (format) => {
    // Prepare: an address only tenants suppressed (status soft, rank 0t#…), exported.
    const source = await createSuppressionTable();
    const complaint = (tenant: string, eventAt: string) =>
      recipientEvent('reader@example.com', {
        status: SuppressionStatus.SOFT,
        reason: SuppressionReason.COMPLAINT,
        bounceType: undefined,
        bounceSubType: undefined,
        tenant,
        eventAt,
      });
    await seed(source, complaint('tenant-a', '2026-03-01T00:00:00.000Z'), complaint('tenant-b', '2026-03-02T00:00:00.000Z'));
    const path = join(dir, `out.${format}`);
    const exported = await runCli(['export', '--output', path, '--quiet', '--table', source, '--endpoint', inject('dynamoEndpoint')]);
    expect(exported.code).toBe(ExitCode.OK);
    const target = await createSuppressionTable();

    // Act
    const imported = await runCli(['import', '--default-policy', path, '--table', target, '--endpoint', inject('dynamoEndpoint')]);

    // Assess
    expect(imported.code, imported.stderr).toBe(ExitCode.OK);
    const [before] = await scanAll(source);
    // The import writes its audit record beside the restored item.
    const after = (await scanAll(target)).find((item) => !String(item.email).startsWith('audit#'));
    expect(after).toMatchObject({ status: 'soft', reason: 'complaint', tenants: new Set(['tenant-a', 'tenant-b']), decisionKey: before?.decisionKey });
    expect(String(after?.decisionKey)).toMatch(/^0t#/);
  });
});
