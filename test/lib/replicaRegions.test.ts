import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fullDiff, ResourceImpact } from '@aws-cdk/cloudformation-diff';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { buildRegionsApp } from '../../examples/regions/regionsApp';
import { attachNagPacks } from '../../lib/nag/attachNagPacks';
import { SesBounceGuard } from '../../lib/SesBounceGuard';
import { SesBounceGuardStack } from '../../lib/SesBounceGuardStack';

type CfnTemplate = { Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string }> };

const HOME = { account: '123456789012', region: 'eu-west-1' };

/** The standalone stack in the home region, with or without replicas. */
function standalone(replicaRegions?: string[]): CfnTemplate {
  const stack = new SesBounceGuardStack(new App(), 'SesBounceGuard', {
    env: HOME,
    guard: replicaRegions === undefined ? {} : { suppressionTableProps: { replicaRegions } },
  });
  return Template.fromStack(stack).toJSON() as CfnTemplate;
}

/** A construct user's stack, with or without replicas. */
function placed(replicaRegions?: string[]): CfnTemplate {
  const stack = new Stack(new App(), 'Mail', { env: HOME, stackName: 'Mail-Prod' });
  new SesBounceGuard(stack, 'BounceGuard', replicaRegions === undefined ? {} : { suppressionTableProps: { replicaRegions } });
  return Template.fromStack(stack).toJSON() as CfnTemplate;
}

/** Every resource of `before` that the change replaces, may replace or deletes, as `Type logicalId (impact)`. */
function replacedOrDeleted(before: CfnTemplate, after: CfnTemplate): string[] {
  const gone: string[] = [];
  fullDiff(before, after).resources.forEachDifference((logicalId, change) => {
    const impact = change.changeImpact;
    if (impact === ResourceImpact.WILL_REPLACE || impact === ResourceImpact.MAY_REPLACE || impact === ResourceImpact.WILL_DESTROY) {
      gone.push(`${before.Resources[logicalId]?.Type} ${logicalId} (${impact})`);
    }
  });
  return gone;
}

const tableOf = (template: CfnTemplate) => Object.entries(template.Resources).filter(([, resource]) => resource.Type.startsWith('AWS::DynamoDB::'));

describe('Replica regions: one suppression table replicated to the other regions', () => {
  const withoutReplicas = standalone();
  const withReplicas = standalone(['us-east-1', 'ap-southeast-2']);

  it('keeps the table an AWS::DynamoDB::Table under its logical id and name, with one replica resource per region', () => {
    // Assess: TableV2's AWS::DynamoDB::GlobalTable would be a new resource, i.e. a new, empty table.
    expect(tableOf(withReplicas).map(([id, resource]) => [id, resource.Type, resource.Properties?.TableName])).toEqual(
      tableOf(withoutReplicas).map(([id, resource]) => [id, resource.Type, resource.Properties?.TableName]),
    );
    const replicas = Object.values(withReplicas.Resources).filter((resource) => resource.Type === 'Custom::DynamoDBReplica');
    expect(replicas.map((replica) => replica.Properties?.Region)).toEqual(['us-east-1', 'ap-southeast-2']);
  });

  it('retains every replica: its custom resource skips the replica deletion when it goes', () => {
    // Assess: the provider deletes a replica on the resource's Delete unless this is "true".
    const replicas = Object.values(withReplicas.Resources).filter((resource) => resource.Type === 'Custom::DynamoDBReplica');
    expect(replicas.map((replica) => replica.Properties?.SkipReplicaDeletion)).toEqual([true, true]);
  });

  it.each([
    ['the standalone stack', standalone, ['us-east-1']],
    ["a construct user's stack", placed, ['us-east-1']],
    ['the standalone stack, two regions', standalone, ['us-east-1', 'ap-southeast-2']],
  ] as const)('turning replicas on in %s replaces and deletes nothing, the table only updated in place at most', (_, synth, regions) => {
    // Act
    const before = synth();
    const after = synth([...regions]);
    const diff = fullDiff(before, after);
    const [[tableId]] = tableOf(before) as [[string, unknown]];

    // Assess
    expect(replacedOrDeleted(before, after)).toEqual([]);
    const tableChange = diff.resources.get(tableId);
    expect([undefined, ResourceImpact.NO_CHANGE, ResourceImpact.WILL_UPDATE]).toContain(tableChange?.changeImpact);
  });

  it('adding a region later replaces and deletes nothing', () => {
    // Act
    const gone = replacedOrDeleted(standalone(['us-east-1']), withReplicas);

    // Assess
    expect(gone).toEqual([]);
  });

  it('turning replicas off again never touches the table, and leaves the replicas (SkipReplicaDeletion)', () => {
    // Act
    const gone = replacedOrDeleted(withReplicas, withoutReplicas);

    // Assess: only the replica custom resources and CDK's provider stack go.
    expect(
      gone.every((line) => /^(Custom::DynamoDBReplica|AWS::CloudFormation::Stack|AWS::IAM::ManagedPolicy) /.test(line)),
      gone.join('\n'),
    ).toBe(true);
    expect(gone.some((line) => line.startsWith('AWS::DynamoDB::'))).toBe(false);
  });
});

const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

type PluginReport = { pluginName: string; violations: { ruleName: string; violatingConstructs?: { constructPath: string }[] }[] };

describe('Example: examples/regions (home in eu-west-1 with a replica, us-east-1 writing to it)', () => {
  it('synthesizes with cdk-nag (AwsSolutions, Serverless) and the Control Tower controls attached, and none finds anything', () => {
    // Prepare: as its app.ts does, bundling skipped (the controls read templates, not code).
    const outdir = mkdtempSync(join(tmpdir(), 'bounce-guard-regions-'));
    outdirs.push(outdir);
    const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
    const { home, regional } = buildRegionsApp(app, '123456789012');
    attachNagPacks(app);

    // Act
    let error: unknown;
    try {
      app.synth();
    } catch (caught) {
      error = caught;
    }
    const reports = (JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as { pluginReports: PluginReport[] }).pluginReports;

    // Assess
    const findings = reports.flatMap((report) =>
      report.violations.map((v) => `${report.pluginName} ${v.ruleName}: ${(v.violatingConstructs ?? []).map((c) => c.constructPath).join(', ')}`),
    );
    expect(findings).toEqual([]);
    expect(error).toBeUndefined();
    expect(reports.map((report) => report.pluginName).sort()).toEqual(['AwsSolutions', 'Serverless', 'cdk-validator-cfnguard']);
    // The replica the example's second region reads, and that region's handler writing home.
    const homeTemplate = Template.fromStack(home);
    homeTemplate.hasResourceProperties('Custom::DynamoDBReplica', { Region: 'us-east-1' });
    const [us] = regional;
    Template.fromStack(us as Stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { TABLE_NAME: 'MailHome-suppressions', SUPPRESSION_TABLE_REGION: 'eu-west-1' } },
    });
  });
});
