import { DEFAULT_SEGMENTS } from '../admin/parallelScan';
import type { OptionSpec } from './types';

/**
 * The time limits of every AWS call the CLI makes, in milliseconds. A request that gets no answer
 * fails after `requestTimeoutMs`, and the SDK's three attempts bound a call's total time.
 */
const CLI_TIMEOUTS = { connectionTimeoutMs: 3_000, requestTimeoutMs: 30_000, totalTimeoutMs: 100_000 } as const;

/** Options every command takes. */
const GLOBAL_OPTIONS = {
  json: { type: 'boolean', description: 'machine-readable output on stdout' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
  'connect-timeout': {
    type: 'string',
    value: '<ms>',
    description: `how long to wait for a connection to AWS (default: ${CLI_TIMEOUTS.connectionTimeoutMs})`,
  },
  'request-timeout': {
    type: 'string',
    value: '<ms>',
    description: `how long one AWS request may wait for its answer (default: ${CLI_TIMEOUTS.requestTimeoutMs})`,
  },
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

export { CLI_TIMEOUTS, GLOBAL_OPTIONS, REGION_OPTIONS, SCAN_OPTIONS, SES_OPTIONS, TABLE_OPTIONS };
