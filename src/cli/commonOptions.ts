import { DEFAULT_SEGMENTS } from '../admin/parallelScan';
import type { OptionSpec } from './types';

/** Options every command takes. */
const GLOBAL_OPTIONS = {
  json: { type: 'boolean', description: 'machine-readable output on stdout' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
} as const satisfies Record<string, OptionSpec>;

/** Options of the commands that call AWS. */
const REGION_OPTIONS = {
  region: { type: 'string', value: '<region>', description: "AWS region (default: the SDK's: $AWS_REGION, profile)" },
} as const satisfies Record<string, OptionSpec>;

/** Options of the commands that read or write the suppression table. */
const TABLE_OPTIONS = {
  table: { type: 'string', value: '<name>', description: 'the suppression table (default: $SUPPRESSION_TABLE)' },
  ...REGION_OPTIONS,
  endpoint: {
    type: 'string',
    value: '<url>',
    description: 'DynamoDB endpoint, e.g. http://localhost:8000 for DynamoDB Local (loopback: no AWS credentials needed)',
  },
} as const satisfies Record<string, OptionSpec>;

/** Options of the commands that call SES. */
const SES_OPTIONS = {
  'ses-endpoint': { type: 'string', value: '<url>', description: 'SESv2 endpoint (for a local stand-in)' },
} as const satisfies Record<string, OptionSpec>;

/** Options of the commands that read the whole table. */
const SCAN_OPTIONS = {
  segments: { type: 'string', value: '<n>', description: `parallel Scan segments; 1 scans sequentially (default: ${DEFAULT_SEGMENTS})` },
} as const satisfies Record<string, OptionSpec>;

export { GLOBAL_OPTIONS, REGION_OPTIONS, SCAN_OPTIONS, SES_OPTIONS, TABLE_OPTIONS };
