import { type App, type IPolicyValidationContext, type IPolicyValidationPlugin, type PolicyValidationPluginReport, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, type NagPack, ServerlessChecks } from 'cdk-nag';

/**
 * Runs the AwsSolutions and Serverless rule packs on every stack of the app at synth. Any finding
 * that is not acknowledged (`Validations.of(construct).acknowledge({ id, reason })`) fails synth,
 * warnings included.
 *
 * @param app - the app to check
 */
function attachNagPacks(app: App): void {
  Validations.of(app).addPlugins(failingOnWarnings(new AwsSolutionsChecks(app)), failingOnWarnings(new ServerlessChecks(app)));
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
