// The entry `cdk deploy --app 'npx tsx examples/regions/app.ts' --all` runs: configuration is read
// here only (the account), then passed to the stacks.
import { App } from 'aws-cdk-lib';
import { attachNagPacks } from '../../lib/nag/attachNagPacks';
import { buildRegionsApp } from './regionsApp';

const app = new App();
buildRegionsApp(app, process.env.CDK_DEFAULT_ACCOUNT);
attachNagPacks(app);
app.synth();
