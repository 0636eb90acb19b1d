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
  logRetentionDays: 90,
} as const;

export { CONFIG_DEFAULTS };
