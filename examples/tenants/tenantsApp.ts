import { App, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
// In your own app: import { SesBounceGuard } from 'ses-bounce-guard/cdk';
import { SesBounceGuard } from '../../lib';

/**
 * A platform that sends for two tenants, each with its own SES configuration set (SES tenant
 * management gives each tenant its own sets, https://docs.aws.amazon.com/ses/latest/dg/tenants.html):
 * both sets publish their bounces and complaints to one topic and one handler, and each gets its
 * own reputation alarms. Senders of tenant A send with `ConfigurationSetName: 'tenant-a'`.
 */
class TenantsMailStack extends Stack {
  readonly guard: SesBounceGuard;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.guard = new SesBounceGuard(this, 'BounceGuard', {
      // The first set: mail of the platform itself.
      configurationSetProps: { configurationSetName: 'platform-mail' },
      additionalConfigurationSets: [
        { configurationSetName: 'tenant-a' },
        // A set the tenant's onboarding made already: only the event destination is added.
        { configurationSetName: 'tenant-b', existing: true },
      ],
      alarmEmail: 'ops@example.com',
    });
  }
}

/** The app, as `cdk synth` runs it (`npx cdk synth --app 'npx tsx examples/tenants/tenantsApp.ts'`). */
function tenantsApp(app: App = new App()): TenantsMailStack {
  return new TenantsMailStack(app, 'TenantsMail');
}

if (process.argv[1]?.endsWith('tenantsApp.ts')) {
  const app = new App();
  tenantsApp(app);
  app.synth();
}

export { TenantsMailStack, tenantsApp };
