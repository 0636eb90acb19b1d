import { DEFAULT_REPUTATION_THRESHOLDS } from '../constructs/monitoring/reputationThresholds';

/**
 * The value of every context setting when neither `cdk.json` nor `-c key=value` gives one.
 * `cdk.json` repeats them so that they are visible where they are changed; these apply when the
 * app is run without it (another project's `cdk.json`, a test).
 */
const CONFIG_DEFAULTS = {
  stackName: 'SesBounceGuard',
  configurationSetName: 'txn-mail',
  accountSuppression: true,
  identities: [] as readonly string[],
  handlerMemorySize: 256,
  handlerTimeoutSeconds: 30,
  logRetentionDays: 365,
  // Reputation alarm thresholds: fractions, as SES publishes the rates (0.02 = 2%).
  bounceRateWarning: DEFAULT_REPUTATION_THRESHOLDS.bounceRateWarning,
  bounceRateCritical: DEFAULT_REPUTATION_THRESHOLDS.bounceRateCritical,
  complaintRateWarning: DEFAULT_REPUTATION_THRESHOLDS.complaintRateWarning,
  complaintRateCritical: DEFAULT_REPUTATION_THRESHOLDS.complaintRateCritical,
  /** Empty: no subscription to the alarm topic. */
  alarmEmail: '',
  deliveryMode: 'direct',
  queueMaxConcurrency: 5,
  queueBatchWindowSeconds: 5,
  queueBatchSize: 10,
  softBounceThreshold: 3,
  softBounceWindowDays: 7,
  dsnOverride: false,
} as const;

/**
 * Settings with no default value: unset means "off" (the suppression policy's expiry; adopting an
 * existing table or configuration set instead of creating one, see docs/deploy.md). They are
 * not in `cdk.json`, so that turning one on is a visible, deliberate line.
 */
const OPTIONAL_CONFIG_KEYS = ['softRecordTtlDays', 'suppressionTtlDays', 'existingSuppressionTableName', 'existingConfigurationSetName'] as const;

export { CONFIG_DEFAULTS, OPTIONAL_CONFIG_KEYS };
