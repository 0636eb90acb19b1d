import { GLOBAL_OPTIONS } from './commonOptions';
import { TABLE_ENV } from './context';
import { ExitCode } from './exitCodes';
import type { Command, OptionSpec } from './types';

const PROGRAM = 'ses-bounce-guard';

/** The help of the whole program. */
function programHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `Usage: ${PROGRAM} <command> [options]`,
    '',
    'Look into and correct the SES suppression table.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options of every command:',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    `The table comes from --table or $${TABLE_ENV}; region, credentials and profile from the AWS SDK's usual sources`,
    '(with a loopback --endpoint such as http://localhost:8000 and none configured, local stand-ins: no AWS account needed).',
    `Exit codes: ${ExitCode.OK} ok, ${ExitCode.FAILED} failed or refused, ${ExitCode.USAGE} usage error, ${ExitCode.SUPPRESSED} check found a suppressed address.`,
    `Run '${PROGRAM} <command> --help' for a command's options, '${PROGRAM} --version' for the version.`,
    '',
  ].join('\n');
}

/** The help of one command. */
function commandHelp(command: Command): string {
  return [
    `Usage: ${PROGRAM} ${command.name}${command.args === '' ? '' : ` ${command.args}`} [options]`,
    '',
    `${command.summary[0]?.toUpperCase()}${command.summary.slice(1)}.`,
    ...(command.details === undefined ? [] : ['', command.details]),
    '',
    'Options:',
    ...optionLines({ ...command.options, ...GLOBAL_OPTIONS }),
    '',
  ].join('\n');
}

function optionLines(options: Readonly<Record<string, OptionSpec>>): string[] {
  const left = Object.entries(options).map(
    ([name, spec]) => `${spec.short === undefined ? '    ' : `-${spec.short}, `}--${name}${spec.value === undefined ? '' : ` ${spec.value}`}`,
  );
  const width = Math.max(...left.map((l) => l.length));
  return Object.values(options).map((spec, i) => `  ${left[i]?.padEnd(width)}  ${spec.description}`);
}

export { commandHelp, programHelp };
