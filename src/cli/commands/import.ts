import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { auditItem } from '../../admin/auditItem';
import { DEFAULT_IMPORT_CONCURRENCY, importEntries } from '../../admin/importEntries';
import { fileLines } from '../../admin/importLines';
import type { ImportError } from '../../admin/parseImport';
import { ImportFormat, importEntriesOf } from '../../admin/parseImport';
import { planImport } from '../../admin/planImport';
import { BounceGuardError, StoreUnavailableError } from '../../domain/errors';
import { describeError } from '../../util/describeError';
import { TABLE_OPTIONS } from '../commonOptions';
import { deployedPolicy, POLICY_OPTIONS, requirePolicySource } from '../deployedPolicy';
import { OperationFailedError, UsageError } from '../errors';
import { ExitCode } from '../exitCodes';
import { oneOf, positiveInteger } from '../parseValues';
import { plural } from '../plural';
import { createProgress } from '../progress';
import type { Command, CommandContext } from '../types';

/** Bad lines listed before the rest are summarised. */
const MAX_LISTED_ERRORS = 50;

/** Bad lines kept for `--json` (the rest are counted): a file of bad lines costs bounded memory. */
const MAX_KEPT_ERRORS = 1000;

/** Writes in flight at most: beyond this an import only queues behind throttling. */
const MAX_CONCURRENCY = 100;

/** `import <file>`: suppressions from CSV, JSONL or JSON, all or nothing on validation. */
const importCommand: Command = {
  name: 'import',
  args: '<file>',
  summary: 'suppress the addresses of a CSV, JSONL or JSON file, or restore an export',
  details:
    'A line is a suppression (email, reason default manual, eventAt or lastEventAt default now), or a whole record as\n' +
    'export writes it (status, reason, source, firstEventAt, lastEventAt, eventCount and the details): that is restored\n' +
    'exactly where the address has no item, and left alone where it has a different one ("kept"). CSV needs a header.\n' +
    'Every line is validated first: if any is bad, they are all listed with their line numbers and nothing is written.\n' +
    'Lines are written with --concurrency in flight; progress shows on a terminal. Importing a file again changes\n' +
    'nothing (lines already done count as unchanged), so an interrupted import is completed by running it again.\n' +
    'Each run that writes anything leaves one audit record (action import, the file, what it did, --actor, --note);\n' +
    'the records themselves show source operator. --dry-run reads each address and reports, without writing, the lines\n' +
    'that would add a record, change one, or leave it alone, each judged against the table as it is now.',
  options: {
    format: { type: 'string', value: '<csv|jsonl|json>', description: 'file format (default: from the extension .jsonl or .json, else csv)' },
    'dry-run': { type: 'boolean', description: 'validate, then report what would be added, changed and left alone; write nothing' },
    note: { type: 'string', value: '<text>', description: 'why, for the audit trail' },
    actor: { type: 'string', value: '<name>', description: 'who, for the audit trail (default: the OS user)' },
    concurrency: { type: 'string', value: '<n>', description: `writes in flight (default: ${DEFAULT_IMPORT_CONCURRENCY}; 1 writes line by line)` },
    ...POLICY_OPTIONS,
    ...TABLE_OPTIONS,
  },
  async run(context) {
    if (context.positionals.length !== 1) throw new UsageError(`import needs exactly one file (got ${context.positionals.length})`, 'import');
    requirePolicySource(context, 'import');
    const path = resolve(context.io.cwd, context.positionals[0] as string);
    const extension = extname(path).toLowerCase();
    const format =
      context.values.format === undefined
        ? extension === '.jsonl'
          ? ImportFormat.JSONL
          : extension === '.json'
            ? ImportFormat.JSON
            : ImportFormat.CSV
        : oneOf(context.values.format, Object.values(ImportFormat), '--format', 'import');
    const concurrency =
      context.values.concurrency === undefined ? DEFAULT_IMPORT_CONCURRENCY : positiveInteger(context.values.concurrency, '--concurrency', 'import');
    if (concurrency > MAX_CONCURRENCY) throw new UsageError(`--concurrency must be at most ${MAX_CONCURRENCY} (got ${concurrency})`, 'import');
    const tableName = context.tableName();
    try {
      await access(path, constants.R_OK);
    } catch (error) {
      throw new OperationFailedError(`cannot read ${path}: ${(error as Error).message}`);
    }

    // Two passes over the file, each streamed (memory flat in its size): the first validates every
    // line and writes nothing, the second writes. A file with any bad line imports nothing.
    const errors: ImportError[] = [];
    let errorCount = 0;
    let valid = 0;
    for await (const result of importEntriesOf(fileLines(path), format)) {
      if ('message' in result) {
        errorCount++;
        if (errors.length < MAX_KEPT_ERRORS) errors.push(result);
      } else valid++;
    }
    if (valid === 0 && errorCount === 0) {
      errorCount++;
      errors.push({ line: 1, message: 'the file holds no entries' });
    }
    if (errorCount > 0) {
      if (context.json) context.io.stdout.write(`${JSON.stringify({ written: 0, errors }, null, 2)}\n`);
      for (const e of errors.slice(0, MAX_LISTED_ERRORS)) context.io.stderr.write(`${path}:${e.line}: ${e.message}\n`);
      if (errorCount > MAX_LISTED_ERRORS) context.io.stderr.write(`... and ${plural(errorCount - MAX_LISTED_ERRORS, 'more bad line')}\n`);
      throw new OperationFailedError(`${plural(errorCount, 'bad line')} in ${path}; nothing was imported`);
    }
    const policy = await deployedPolicy(context, 'import');
    if (context.values['dry-run'] === true) {
      const plan = await planImport(context.dynamo(), tableName, importEntriesOf(fileLines(path), format), policy, { concurrency });
      if (context.json) context.io.stdout.write(`${JSON.stringify({ ...plan, written: 0 }, null, 2)}\n`);
      else {
        const out = (line: string): unknown => context.io.stdout.write(`${line}\n`);
        out(
          `${plural(plan.lines, 'valid line')}: ${plan.added} would be added, ${plan.changed} changed, ${plan.unchanged} left alone; nothing written (--dry-run)`,
        );
        for (const kind of ['added', 'changed', 'unchanged'] as const) {
          if (plan.samples[kind].length === 0) continue;
          out(`${kind === 'unchanged' ? 'left alone' : `would be ${kind}`}:`);
          for (const line of plan.samples[kind].slice(0, MAX_LISTED_ERRORS)) out(`  ${line}`);
          if (plan[kind] > MAX_LISTED_ERRORS) out(`  ... and ${plan[kind] - MAX_LISTED_ERRORS} more`);
        }
      }
      return ExitCode.OK;
    }
    const started = Date.now();
    const progress = createProgress(context.io.stderr, { label: 'import', unit: 'lines', total: valid });
    const report = await importEntries(context.dynamo(), tableName, importEntriesOf(fileLines(path), format), {
      concurrency,
      lines: valid,
      policy,
      onProgress: (done) => progress.update(done),
    });
    const seconds = (Date.now() - started) / 1000;
    const done = report.lines - report.notDone;
    progress.finish(
      `import: ${plural(done, 'line')} of ${report.lines} done in ${seconds.toFixed(1)}s (${Math.round(done / Math.max(seconds, 0.001))}/s, ${concurrency} in flight)`,
    );

    const summary = `${report.written} written, ${report.restored} restored, ${report.unchanged} unchanged, ${report.kept.length} kept${report.notDone > 0 ? `, ${report.notDone} not done` : ''}`;
    // One audit record per run that changed anything (a re-run that changes nothing adds none): who
    // imported which file, why, and what it did; the lines themselves are in the file.
    let auditLost = '';
    if (report.written + report.restored > 0) {
      try {
        await writeImportAudit(context, tableName, path, summary);
      } catch (auditError) {
        // After a failed write the table is likely unreachable: report that failure, and this one with it.
        if (report.error === undefined) throw auditError;
        auditLost = ` The audit record of this run could not be written either (${(auditError as Error).message}).`;
      }
    }
    const { error, ...counts } = report;
    if (context.json) context.io.stdout.write(`${JSON.stringify(counts, null, 2)}\n`);
    else {
      const parts = [`${report.written} written`, `${report.restored} restored`, `${report.unchanged} unchanged`, `${report.kept.length} kept`];
      context.io.stdout.write(`${plural(report.lines, 'line')}: ${parts.join(', ')}${report.notDone > 0 ? `, ${report.notDone} not done` : ''}\n`);
      if (report.kept.length > 0) context.io.stdout.write('kept (the table holds a different record for these; left as they are):\n');
      for (const email of report.kept.slice(0, MAX_LISTED_ERRORS)) context.io.stdout.write(`  ${email}\n`);
    }
    if (error !== undefined) {
      const message = error instanceof Error ? error.message : String(error);
      throw new BounceGuardError(
        `a write failed (${message}); ${plural(report.notDone, 'line')} not done. Run the same import again to finish: lines already done are skipped as unchanged.${auditLost}`,
        { cause: error },
      );
    }
    return ExitCode.OK;
  },
};

/** The audit record of one import run; a failure to write it is an error that says the lines were written. */
async function writeImportAudit(context: CommandContext, tableName: string, path: string, summary: string): Promise<void> {
  const note = typeof context.values.note === 'string' ? context.values.note : undefined;
  const item = auditItem(
    { action: 'import', address: basename(path), actor: context.actor(), summary, ...(note === undefined ? {} : { note }) },
    new Date().toISOString(),
  );
  try {
    await context.dynamo().send(new PutCommand({ TableName: tableName, Item: item }));
  } catch (error) {
    throw new StoreUnavailableError(`the import was written (${summary}), but its audit record could not be: ${describeError(error)}`, { cause: error });
  }
}

export { importCommand };
