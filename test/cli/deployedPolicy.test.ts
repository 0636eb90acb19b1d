import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { ExitCode } from '../../src/cli/exitCodes';
import { PolicyEnv } from '../../src/contract/handlerEnvironment';
import { runCli } from '../helpers/cli';
import type { LambdaStub } from '../helpers/lambdaStub';
import { startLambdaStub } from '../helpers/lambdaStub';
import { createSuppressionTable, scanAll } from '../helpers/table';

const FUNCTION = 'bounce-handler';

describe('CLI: the deployed policy', () => {
  let tableName: string;
  let target: string[];
  let lambda: LambdaStub;
  let dir: string;

  beforeEach(async () => {
    tableName = await createSuppressionTable();
    target = ['--table', tableName, '--endpoint', inject('dynamoEndpoint')];
    // The deployment turned escalation off and lets soft records expire after 30 days.
    lambda = await startLambdaStub(FUNCTION, { TABLE_NAME: tableName, [PolicyEnv.softBounceThreshold]: '0', [PolicyEnv.softRecordTtlDays]: '30' });
    dir = await mkdtemp(join(tmpdir(), 'policy-'));
  });

  afterEach(async () => {
    await lambda.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('add and import follow the deployed function: no escalation, its TTL', async () => {
    // Prepare: three transient bounces would escalate under the built-in default.
    const deployed = ['--function', FUNCTION, '--lambda-endpoint', lambda.endpoint];
    const path = join(dir, 'soft.csv');
    await writeFile(
      path,
      'email,reason,eventAt\nsoft@example.com,transient_bounce,2026-01-02T00:00:00Z\nsoft@example.com,transient_bounce,2026-01-03T00:00:00Z\n',
    );

    // Act
    const added = await runCli(['add', 'soft@example.com', '--reason', 'transient_bounce', ...deployed, ...target]);
    const imported = await runCli(['import', path, ...deployed, ...target]);

    // Assess
    expect(added.code, added.stderr).toBe(ExitCode.OK);
    expect(imported.code, imported.stderr).toBe(ExitCode.OK);
    expect(imported.stderr).not.toContain('note:');
    const item = (await scanAll(tableName)).find((i) => i.email === 'soft@example.com');
    expect(item).toMatchObject({ status: 'soft', reason: 'transient_bounce', eventCount: 3 });
    expect(item?.expiresAt).toBe(Math.floor((Date.parse(String(item?.lastEventAt)) + 30 * 86_400_000) / 1000));
  });

  it.each([
    ['add', 'a@example.com'],
    ['import', 'FILE'],
    ['import', 'FILE', '--dry-run'],
    ['sync-ses', '--ses-endpoint', 'http://127.0.0.1:9'],
  ])('refuses %j without --function or --default-policy, naming both, and writes nothing', async (...argv) => {
    // Prepare
    const path = join(dir, 'one.csv');
    await writeFile(path, 'email\nx@example.com\n');
    const before = await scanAll(tableName);

    // Act
    const refused = await runCli([...argv.map((a) => (a === 'FILE' ? path : a)), ...target]);

    // Assess
    expect(refused.code).toBe(ExitCode.USAGE);
    expect(refused.stderr).toContain(`error: ${argv[0]} writes fields that depend on the deployment's policy`);
    expect(refused.stderr).toContain('--function <bounce handler>');
    expect(refused.stderr).toContain('--default-policy');
    expect(refused.stdout).toBe('');
    expect(await scanAll(tableName)).toEqual(before);
  });

  it('applies the built-in default without a note when asked to', async () => {
    // Act
    const explicit = await runCli(['add', 'b@example.com', '--reason', 'manual', '--default-policy', ...target]);

    // Assess
    expect(explicit.code).toBe(ExitCode.OK);
    expect(explicit.stderr).toBe('');
  });

  it('writes nothing when the function cannot be read', async () => {
    // Act
    const result = await runCli([
      'add',
      'c@example.com',
      '--reason',
      'manual',
      '--function',
      'no-such-function',
      '--lambda-endpoint',
      lambda.endpoint,
      ...target,
    ]);

    // Assess
    expect(result.code).toBe(ExitCode.FAILED);
    expect(result.stderr).toMatch(/cannot read the policy of function no-such-function: ResourceNotFoundException.*nothing was written/);
    expect(await scanAll(tableName)).toEqual([]);
  });
});
