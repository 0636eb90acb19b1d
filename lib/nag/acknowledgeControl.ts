import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** The name the cfn-guard validator plugin reports its findings under. */
const CFN_GUARD_PLUGIN = 'cdk-validator-cfnguard';

/** The guard rule names of the AWS Control Tower proactive controls this project acknowledges somewhere. */
const GuardRule = {
  /** CT.LAMBDA.PR.3: https://docs.aws.amazon.com/controltower/latest/userguide/lambda-rules.html#ct-lambda-pr-3-description */
  LAMBDA_IN_VPC: 'lambda_inside_vpc_check',
  /** CT.CLOUDWATCH.PR.2: https://docs.aws.amazon.com/controltower/latest/userguide/cloudwatch-rules.html#ct-cloudwatch-pr-2-description */
  LOG_RETENTION: 'cloudwatch_log_group_retention_period_check',
  /** CT.IAM.PR.3: https://docs.aws.amazon.com/controltower/latest/userguide/iam-rules.html#ct-iam-pr-3-description */
  IAM_NO_FULL_ACCESS: 'iam_managed_policy_no_statements_with_full_access_check',
} as const;
type GuardRule = (typeof GuardRule)[keyof typeof GuardRule];

/**
 * Acknowledges one AWS Control Tower proactive control (a cfn-guard rule of
 * `@cdklabs/cdk-validator-cfnguard`) on a construct and everything under it, with its reason, the
 * same way cdk-nag findings are acknowledged: CDK matches the acknowledgment by plugin name and
 * rule and lists it, with the reason, in the synth's validation report.
 *
 * Not `Metadata.guard.SuppressedRules`: cfn-guard 3.1 (the binary the plugin ships) still fails
 * the Control Tower rules on a resource that lists them there (checked in
 * test/lib/nag/controlTower.test.ts); only rules written to read that metadata honour it.
 *
 * @param construct - the construct whose resources the control does not fit
 * @param rule - the guard rule name, e.g. `lambda_inside_vpc_check` (not the control id)
 * @param reason - why the control does not apply or fights the design
 */
function acknowledgeControl(construct: IConstruct, rule: GuardRule, reason: string): void {
  Validations.of(construct).acknowledge({ id: `${CFN_GUARD_PLUGIN}::${rule}`, reason });
}

export { acknowledgeControl, CFN_GUARD_PLUGIN, GuardRule };
