import { countRecords } from '../../admin/countRecords';
import { scanRecords } from '../../admin/scanTable';
import { SCAN_OPTIONS, TABLE_OPTIONS } from '../commonOptions';
import { UsageError } from '../errors';
import { ExitCode } from '../exitCodes';
import { plural } from '../plural';
import { scanSettings } from '../scanSettings';
import type { Command } from '../types';

/** `stats`: counts by status and reason. */
const stats: Command = {
  name: 'stats',
  args: '',
  summary: 'count the records by status and reason',
  details: 'Reads the whole table with a parallel Scan that asks DynamoDB for the status and reason only.',
  options: { ...SCAN_OPTIONS, ...TABLE_OPTIONS },
  async run(context) {
    if (context.positionals.length > 0) throw new UsageError(`stats takes no arguments (got ${context.positionals.join(' ')})`, 'stats');
    const settings = scanSettings(context, 'stats');
    const counts = await countRecords(scanRecords(context.dynamo(), context.tableName(), { ...settings.scan, fields: ['status', 'reason'] }));
    settings.finish(plural(counts.total, 'record'));
    if (context.json) {
      context.io.stdout.write(`${JSON.stringify(counts, null, 2)}\n`);
      return ExitCode.OK;
    }
    const out = (line: string): unknown => context.io.stdout.write(`${line}\n`);
    out(`total ${counts.total}`);
    for (const [key, n] of Object.entries(counts.byStatusAndReason).sort()) out(`  ${key.padEnd(32)} ${n}`);
    return ExitCode.OK;
  },
};

export { stats };
