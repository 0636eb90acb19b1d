import { openInBrowser, startConsole } from '../../console/startConsole';
import { TABLE_OPTIONS } from '../commonOptions';
import { deployedPolicy, POLICY_OPTIONS } from '../deployedPolicy';
import { UsageError } from '../errors';
import { ExitCode } from '../exitCodes';
import { endpointUrl } from '../localEndpoint';
import type { Command } from '../types';

/** `console`: a local web page over the same table and commands, until interrupted. */
const consoleCommand: Command = {
  name: 'console',
  args: '',
  summary: 'open a local web page to look up, suppress, remove, import and export addresses',
  details:
    'Serves on 127.0.0.1 only, until Ctrl-C. It prints its URL, which carries a random token: every request needs it,\n' +
    'so no other page or user of the machine can use the console. Writes are the add, remove and import commands\n' +
    'themselves, with a required note: audited exactly as from the command line. Opens the URL with xdg-open when\n' +
    'there is one (--no-open: only print it).',
  options: {
    port: { type: 'string', value: '<port>', description: 'port on 127.0.0.1 (default: a free one)' },
    'no-open': { type: 'boolean', description: 'do not open a browser; only print the URL' },
    actor: { type: 'string', value: '<name>', description: 'who, for the audit trail (default: the OS user)' },
    ...POLICY_OPTIONS,
    ...TABLE_OPTIONS,
  },
  async run(context) {
    if (context.positionals.length > 0) throw new UsageError(`console takes no arguments (got ${context.positionals.join(' ')})`, 'console');
    const port = portOf(context.values.port);
    const tableName = context.tableName();
    // Read once, before serving: the page's add and import follow it, as the commands' would.
    const policy = await deployedPolicy(context, 'console');
    const region = typeof context.values.region === 'string' ? context.values.region : undefined;
    const endpoint = typeof context.values.endpoint === 'string' ? endpointUrl(context.values.endpoint, '--endpoint', 'console') : undefined;
    const { url, console: running } = await startConsole({
      tableName,
      actor: context.actor(),
      policy,
      target: context.describeTarget(),
      ...(region === undefined ? {} : { region }),
      ...(endpoint === undefined ? {} : { endpoint }),
      ...(port === undefined ? {} : { port }),
    });
    context.io.stdout.write(`${url}\n`);
    context.io.stderr.write(`console: serving ${context.describeTarget()} on 127.0.0.1 until Ctrl-C\n`);
    if (context.values['no-open'] !== true) openInBrowser(url);
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await running.close();
    return ExitCode.OK;
  },
};

function portOf(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n > 65_535) throw new UsageError(`--port must be a port number 0-65535 (got ${JSON.stringify(value)})`, 'console');
  return n;
}

export { consoleCommand };
