import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, type CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Vpc } from 'aws-cdk-lib/aws-ec2';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { afterAll, describe, expect, it } from 'vitest';
import { DeliveryMode } from '../../../lib/constructs/constants';
import { attachNagPacks } from '../../../lib/nag/attachNagPacks';
import { SesBounceGuard, type SesBounceGuardProps } from '../../../lib/SesBounceGuard';
import { SesBounceGuardStack } from '../../../lib/SesBounceGuardStack';
import { logicalIdOf } from '../../helpers/cdk';

type Violation = { ruleName: string; violatingConstructs?: { constructPath: string }[] };
type PluginReport = {
  pluginName: string;
  conclusion: string;
  violations: Violation[];
  suppressedViolations?: { ruleName: string; reason: string; violatingConstructs?: { constructPath: string }[] }[];
};

const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * Synthesizes the standalone stack with every policy-validation plugin `bin/app.ts` attaches
 * (cdk-nag packs and the Control Tower controls) and returns the reports. Bundling is skipped: the
 * controls read the template, not the function's code.
 */
function validate(guard: SesBounceGuardProps = {}, withVpc = false) {
  const outdir = mkdtempSync(join(tmpdir(), 'bounce-guard-controls-'));
  outdirs.push(outdir);
  const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
  let stack: Stack & { guard: SesBounceGuard };
  if (withVpc) {
    // The deployer's existing VPC, as Vpc.fromLookup gives it (literal subnet ids), in the stack
    // that composes the construct.
    const own = new Stack(app, 'SesBounceGuard');
    const vpc = Vpc.fromVpcAttributes(own, 'Vpc', {
      vpcId: 'vpc-0123456789abcdef0',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2'],
    });
    stack = Object.assign(own, { guard: new SesBounceGuard(own, 'Guard', { identities: ['example.com'], ...guard, vpc }) });
  } else {
    stack = new SesBounceGuardStack(app, 'SesBounceGuard', { guard: { identities: ['example.com'], ...guard } });
  }
  attachNagPacks(app);
  let error: unknown;
  try {
    app.synth();
  } catch (caught) {
    error = caught;
  }
  const reports = (JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as { pluginReports: PluginReport[] }).pluginReports;
  const controls = reports.find((report) => report.pluginName === 'cdk-validator-cfnguard');
  if (controls === undefined) throw new Error('the Control Tower validator did not run');
  /** Acknowledged controls as `rule: path` (stack prefix dropped), sorted. */
  const acknowledged = (controls.suppressedViolations ?? [])
    .flatMap((violation) => (violation.violatingConstructs ?? []).map((c) => `${violation.ruleName}: ${c.constructPath.replace(/^SesBounceGuard\//, '')}`))
    .sort();
  return { error, reports, controls, acknowledged, stack };
}

/** Violations nobody acknowledged in the guard's stack. */
const unacknowledged = (reports: PluginReport[]) =>
  reports.flatMap((report) =>
    report.violations
      .map(
        (v) =>
          `${report.pluginName} ${v.ruleName}: ${(v.violatingConstructs ?? [])
            .map((c) => c.constructPath)
            .filter((path) => path.startsWith('SesBounceGuard'))
            .join(', ')}`,
      )
      .filter((line) => !line.endsWith(': ')),
  );

// Each case synthesizes a whole stack and runs cfn-guard: slow on a loaded machine.
describe('AWS Control Tower proactive controls (cdk-validator-cfnguard) and cdk-nag', { timeout: 120_000 }, () => {
  it('pass on the default stack: only the Lambda-in-VPC control is acknowledged, with its reason; every dead-letter queue passes CT.SQS.PR.1 (allowAll) unacknowledged', () => {
    // Act
    const { error, reports, controls, acknowledged, stack } = validate();

    // Assess
    expect(unacknowledged(reports)).toEqual([]);
    expect(error).toBeUndefined();
    expect(controls.conclusion).toBe('success');
    expect(acknowledged).toEqual([
      'lambda_inside_vpc_check: Guard/ApplicationEvents/Function/Resource',
      'lambda_inside_vpc_check: Guard/BounceHandler/Function/Resource',
      'lambda_inside_vpc_check: Guard/ResourceProvider/Function/Resource',
    ]);
    for (const violation of controls.suppressedViolations ?? []) expect(violation.reason.length).toBeGreaterThan(60);
    const resources = Template.fromStack(stack).toJSON().Resources;
    const guard = stack.guard;
    for (const queue of [
      guard.bounceHandler!.processingDeadLetterQueue,
      guard.bounceHandler!.deliveryDeadLetterQueue,
      guard.applicationEvents?.onFailureQueue,
    ]) {
      if (queue === undefined) throw new Error('the default stack has every dead-letter queue');
      expect(resources[logicalIdOf(queue)].Properties.RedriveAllowPolicy).toEqual({ redrivePermission: 'allowAll' });
    }
  });

  it("pass in queue mode: the queue's dead-letter queue names the queue in its redrive allow policy and needs no acknowledgment", () => {
    // Act
    const { error, reports, acknowledged, stack } = validate({ deliveryMode: DeliveryMode.QUEUE });

    // Assess
    expect(unacknowledged(reports)).toEqual([]);
    expect(error).toBeUndefined();
    expect(acknowledged).toEqual([
      'lambda_inside_vpc_check: Guard/ApplicationEvents/Function/Resource',
      'lambda_inside_vpc_check: Guard/BounceHandler/Function/Resource',
      'lambda_inside_vpc_check: Guard/ResourceProvider/Function/Resource',
    ]);
    const resources = Template.fromStack(stack).toJSON().Resources;
    const queue = stack.guard.bounceHandler!.queue;
    if (queue === undefined) throw new Error('queue mode has a queue');
    const queueName = resources[logicalIdOf(queue)].Properties.QueueName as string;
    expect(resources[logicalIdOf(stack.guard.bounceHandler!.processingDeadLetterQueue)].Properties.RedriveAllowPolicy).toEqual({
      redrivePermission: 'byQueue',
      sourceQueueArns: [
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sqs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:${queueName}`]] },
      ],
    });
    expect(resources[logicalIdOf(stack.guard.bounceHandler!.deliveryDeadLetterQueue)].Properties.RedriveAllowPolicy).toEqual({ redrivePermission: 'allowAll' });
  });

  it.each([
    ['an HTTPS subscriber', { subscriber: { kind: 'https', url: 'https://mail.example.com/sns' } }],
    ['a worker on the queue', { deliveryMode: DeliveryMode.QUEUE, queueOptions: { consumer: 'external' } }],
  ] as const)('pass with %s instead of the function (cdk-nag and Control Tower)', (_name, props) => {
    // Act
    const { error, reports, acknowledged } = validate(props as SesBounceGuardProps);

    // Assess
    expect(unacknowledged(reports)).toEqual([]);
    expect(error).toBeUndefined();
    expect(acknowledged).toEqual([
      'lambda_inside_vpc_check: Guard/ApplicationEvents/Function/Resource',
      'lambda_inside_vpc_check: Guard/ResourceProvider/Function/Resource',
    ]);
  });

  it('pass with a vpc: the handler runs in its private subnets, and its Lambda-in-VPC control needs no acknowledgment', () => {
    // Act (the deployer's VPC stack has findings of its own, which are not the guard's)
    const { reports, acknowledged, stack } = validate({}, true);

    // Assess
    expect(unacknowledged(reports)).toEqual([]);
    // The vpc is the handler's; the change-events function and the custom-resource provider stay acknowledged.
    expect(acknowledged.filter((entry) => entry.startsWith('lambda_inside_vpc_check'))).toEqual([
      'lambda_inside_vpc_check: Guard/ApplicationEvents/Function/Resource',
      'lambda_inside_vpc_check: Guard/ResourceProvider/Function/Resource',
    ]);
    const fn = Template.fromStack(stack).toJSON().Resources[logicalIdOf(stack.guard.bounceHandler!.function)].Properties;
    expect(fn.VpcConfig.SubnetIds).toHaveLength(2);
    expect(fn.VpcConfig.SecurityGroupIds).toHaveLength(1);
  });

  it("encrypt every log group with the log key, keep events a year by default, and acknowledge a shorter retention as the deployer's choice", () => {
    // Act
    const byDefault = validate();
    const shorter = validate({ logRetention: RetentionDays.THREE_MONTHS });

    // Assess
    const logGroups = Object.values(Template.fromStack(byDefault.stack).findResources('AWS::Logs::LogGroup'));
    expect(logGroups.map((group) => group.Properties)).toEqual([
      { KmsKeyId: { 'Fn::GetAtt': [logicalIdOf(byDefault.stack.guard.logKey), 'Arn'] }, RetentionInDays: 365 },
      { KmsKeyId: { 'Fn::GetAtt': [logicalIdOf(byDefault.stack.guard.logKey), 'Arn'] }, RetentionInDays: 365 },
      { KmsKeyId: { 'Fn::GetAtt': [logicalIdOf(byDefault.stack.guard.logKey), 'Arn'] }, RetentionInDays: 365 },
    ]);
    expect(unacknowledged(shorter.reports)).toEqual([]);
    expect(shorter.acknowledged.filter((entry) => entry.startsWith('cloudwatch_log_group_retention'))).toEqual([
      'cloudwatch_log_group_retention_period_check: Guard/ApplicationEvents/LogGroup/Resource',
      'cloudwatch_log_group_retention_period_check: Guard/BounceHandler/LogGroup/Resource',
      'cloudwatch_log_group_retention_period_check: Guard/SesSettingsLogGroup/Resource',
    ]);
    expect(shorter.controls.suppressedViolations?.find((v) => v.ruleName === 'cloudwatch_log_group_retention_period_check')?.reason).toContain('90 days');
  });

  it('gives every key the documented statements: deny CreateGrant unless for an AWS resource, and the logs key for logs.<region>.amazonaws.com', () => {
    // Act
    const { stack } = validate();

    // Assess
    const resources = Template.fromStack(stack).toJSON().Resources;
    const keys = Object.values(Template.fromStack(stack).findResources('AWS::KMS::Key'));
    expect(keys).toHaveLength(3);
    for (const key of keys) {
      expect(key.Properties.KeyPolicy.Statement).toContainEqual({
        Sid: 'DenyCreateGrantExceptForAwsResources',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'kms:CreateGrant',
        Resource: '*',
        Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
      });
    }
    expect(resources[logicalIdOf(stack.guard.logKey)].Properties.KeyPolicy.Statement).toContainEqual({
      Sid: 'AllowCloudWatchLogsToUseTheKey',
      Effect: 'Allow',
      Principal: { Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } },
      Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      Resource: '*',
      Condition: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': {
            'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':log-group:*']],
          },
        },
      },
    });
  });

  it('fail synth on an unacknowledged control (the validator is live, not a no-op), Metadata.guard.SuppressedRules notwithstanding', () => {
    // Prepare: a stack with a log group that breaks CT.CLOUDWATCH.PR.3 and no CDK acknowledgment.
    const outdir = mkdtempSync(join(tmpdir(), 'bounce-guard-controls-'));
    outdirs.push(outdir);
    const app = new App({ outdir });
    const stack = new Stack(app, 'Plain');
    const logGroup = new LogGroup(stack, 'Unencrypted', { retention: RetentionDays.ONE_YEAR });
    // cfn-guard 3.1 does not skip Control Tower rules listed here: why acknowledgeControl uses CDK acknowledgments.
    (logGroup.node.defaultChild as CfnResource).addMetadata('guard', { SuppressedRules: ['cloudwatch_log_group_encrypted_check'] });
    Validations.of(app).addPlugins(new CfnGuardValidator());

    // Act
    const act = () => app.synth();

    // Assess
    expect(act).toThrow(/CT\.CLOUDWATCH\.PR\.3/);
    const report = (JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as { pluginReports: PluginReport[] }).pluginReports[0];
    expect(report?.violations.map((v) => v.ruleName)).toEqual(['cloudwatch_log_group_encrypted_check']);
  });
});
