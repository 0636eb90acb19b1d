import { App, Duration } from 'aws-cdk-lib';
import { InvalidConfigError } from '../lib/config/errors';
import { readConfig } from '../lib/config/readConfig';
import type { AppConfig } from '../lib/config/types';
import { attachNagPacks } from '../lib/nag/attachNagPacks';
import { SesBounceGuardStack } from '../lib/SesBounceGuardStack';

// The only place that reads configuration: cdk.json context, overridable with `-c key=value`.
// The account and region come from the CLI's environment, as for any environment-agnostic stack.
const app = new App();
let config: AppConfig;
try {
  config = readConfig((key) => app.node.tryGetContext(key));
} catch (error) {
  if (!(error instanceof InvalidConfigError)) throw error;
  // The list of problems is the whole message; a stack trace would only bury it.
  console.error(error.message);
  process.exit(1);
}

new SesBounceGuardStack(app, 'SesBounceGuard', {
  stackName: config.stackName,
  description: 'ses-bounce-guard: SES bounces and complaints into a DynamoDB suppression table',
  guard: {
    // Adopting (existing*) replaces creating: see docs/deploy.md.
    ...(config.existingConfigurationSetName === undefined
      ? { configurationSetProps: { configurationSetName: config.configurationSetName } }
      : { existingConfigurationSetName: config.existingConfigurationSetName }),
    ...(config.existingSuppressionTableName === undefined ? {} : { existingSuppressionTableName: config.existingSuppressionTableName }),
    accountSuppression: config.accountSuppression,
    identities: config.identities,
    handlerMemorySize: config.handlerMemorySize,
    handlerTimeout: Duration.seconds(config.handlerTimeoutSeconds),
    logRetention: config.logRetentionDays,
    reputationThresholds: config.reputationThresholds,
    alarmEmail: config.alarmEmail,
    deliveryMode: config.deliveryMode,
    queueOptions: {
      maxConcurrency: config.queueMaxConcurrency,
      batchWindow: Duration.seconds(config.queueBatchWindowSeconds),
      batchSize: config.queueBatchSize,
    },
    policy: config.policy,
  },
});
attachNagPacks(app);
