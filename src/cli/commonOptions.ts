import type { OptionSpec } from './types';

/** Options every command takes. */
const COMMON_OPTIONS = {
  table: { type: 'string', value: '<name>', description: 'the suppression table (default: $SUPPRESSION_TABLE)' },
  region: { type: 'string', value: '<region>', description: 'AWS region (default: the SDK\'s: $AWS_REGION, profile)' },
  endpoint: { type: 'string', value: '<url>', description: 'DynamoDB endpoint, e.g. http://localhost:8000 for DynamoDB Local' },
  'ses-endpoint': { type: 'string', value: '<url>', description: 'SESv2 endpoint (for a local stand-in)' },
  json: { type: 'boolean', description: 'machine-readable output on stdout' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
} as const satisfies Record<string, OptionSpec>;

export { COMMON_OPTIONS };
