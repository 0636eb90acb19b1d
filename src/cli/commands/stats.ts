import { countRecords } from '../../admin/countRecords';
import { scanRecords } from '../../admin/scanTable';
import { UsageError } from '../errors';
import { ExitCode } from '../exitCodes';
import type { Command } from '../types';

/** `stats`: counts by status and reason. */
const stats: Command = {
  name: 'stats',
  args: '',
  summary: 'count the records by status and reason',
  options: {},
  async run(context) {
    if (context.positionals.length > 0) throw new UsageError(`stats takes no arguments (got ${context.positionals.join(' ')})`, 'stats');
    const counts = await countRecords(scanRecords(context.dynamo(), context.tableName()));
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
