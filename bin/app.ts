import { App } from 'aws-cdk-lib';
import cdkJson from '../cdk.json';
import { InvalidConfigError } from '../lib/config/errors';
import { readAppContext } from '../lib/config/readAppContext';
import { attachNagPacks } from '../lib/nag/attachNagPacks';
import { SesBounceGuardStack } from '../lib/SesBounceGuardStack';
import { InvalidPropsError } from '../lib/validation/InvalidPropsError';

// The only place that reads configuration: cdk.json context, overridable with `-c key=value`. It
// passes on only what was set; every default is the construct's. The account and region come
// from the CLI's environment, as for any environment-agnostic stack.
const app = new App();
try {
  const { stackName, existingTableName, guard } = readAppContext(app.node.getAllContext(), cdkJson.context);
  new SesBounceGuardStack(app, 'SesBounceGuard', {
    ...(stackName === undefined ? {} : { stackName }),
    ...(existingTableName === undefined ? {} : { existingTableName }),
    description: 'ses-bounce-guard: SES bounces and complaints into a DynamoDB suppression table',
    guard,
  });
} catch (error) {
  if (!(error instanceof InvalidConfigError || error instanceof InvalidPropsError)) throw error;
  // The list of problems is the whole message; a stack trace would only bury it.
  console.error(error.message);
  process.exit(1);
}
attachNagPacks(app);
