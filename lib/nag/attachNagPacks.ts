import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { type App, type IPolicyValidationContext, type IPolicyValidationPlugin, type PolicyValidationPluginReport, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, type NagPack, ServerlessChecks } from 'cdk-nag';

/**
 * Runs the cdk-nag AwsSolutions and Serverless rule packs, and the AWS Control Tower proactive
 * controls (cfn-guard rules run offline by `@cdklabs/cdk-validator-cfnguard`, with the cfn-guard
 * binary the package ships), on every stack of the app at synth. Any finding that is not
 * acknowledged (`Validations.of(construct).acknowledge({ id, reason })`, or `acknowledgeControl`
 * for a control) fails synth, warnings included.
 * Controls: https://docs.aws.amazon.com/controltower/latest/userguide/proactive-controls.html
 *
 * @param app - the app to check
 */
function attachNagPacks(app: App): void {
  Validations.of(app).addPlugins(
    failingOnWarnings(new AwsSolutionsChecks(app)),
    failingOnWarnings(new ServerlessChecks(app)),
    new CfnGuardValidator({ controlTowerRulesEnabled: true }),
  );
}

/**
 * The pack, reporting its warnings as errors. CDK fails synth on unacknowledged errors only; a
 * warning would scroll past in the output and be deployed. Acknowledgments still apply: CDK matches
 * them by plugin name and rule id after this runs.
 */
function failingOnWarnings(pack: NagPack): IPolicyValidationPlugin {
  return {
    name: pack.name,
    ...(pack.version === undefined ? {} : { version: pack.version }),
    ...(pack.ruleIds === undefined ? {} : { ruleIds: pack.ruleIds }),
    validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
      const report = pack.validate(context);
      const violations = report.violations.map((violation) => ({ ...violation, severity: 'error' }));
      return { ...report, violations, success: violations.length === 0 };
    },
  };
}

export { attachNagPacks };
