import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';

/**
 * Runs the AwsSolutions and Serverless rule packs on every stack of the app at synth. A finding
 * that is not acknowledged (`Validations.of(construct).acknowledge({ id, reason })`) fails synth.
 *
 * @param app - the app to check
 */
function attachNagPacks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }), new ServerlessChecks(app, { verbose: true }));
}

export { attachNagPacks };
