// One suppression list across two SES regions (docs/regions.md): the home stack in eu-west-1 holds
// the table and replicates it to us-east-1; the us-east-1 stack has that region's configuration
// set, topic, handler, account suppression and alarms, and writes to the home table.
// In your own app, import these from 'ses-bounce-guard/cdk'.
import { type App, Stack } from 'aws-cdk-lib';
import { SesBounceGuard, SesBounceGuardRegionStack } from '../../lib/index';

/** The region that holds the table: every write goes here. */
const HOME_REGION = 'eu-west-1';
/** The other regions the team sends from: each gets a replica and a SesBounceGuardRegionStack. */
const OTHER_REGIONS = ['us-east-1'] as const;

/** The stacks of the app, for tests and for the entry (app.ts). */
function buildRegionsApp(app: App, account?: string) {
  const home = new Stack(app, 'MailHome', { env: { account, region: HOME_REGION } });
  const guard = new SesBounceGuard(home, 'BounceGuard', {
    suppressionTableProps: { replicaRegions: [...OTHER_REGIONS] },
    alarmEmail: 'ops@example.com',
  });
  const regional = OTHER_REGIONS.map((region) => {
    const stack = new SesBounceGuardRegionStack(app, `Mail-${region}`, {
      env: { account, region },
      guard: {
        homeRegion: HOME_REGION,
        // The table's fixed name (`MailHome-suppressions`): CDK passes it across regions as a literal.
        suppressionTableName: guard.table.tableName,
        alarmEmail: 'ops@example.com',
      },
    });
    // The replica in this region exists once the home stack is deployed.
    stack.addStackDependency(home, 'its handler writes to the home table, and its senders read its replica');
    return stack;
  });
  return { home, guard, regional };
}

export { buildRegionsApp, HOME_REGION, OTHER_REGIONS };
