import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BounceGuardError } from '../domain/errors';
import type { SuppressionPolicy } from '../domain/policy';
import { SuppressionStore } from '../store/SuppressionStore';
import { importEvent } from './operatorEvent';
import type { ImportEntry, ImportError } from './parseImport';
import { restoreRecord } from './restoreRecord';

/**
 * Writes an import keeps in flight unless told otherwise: enough to hide DynamoDB's round trip
 * (~5-10 ms per conditional write), few enough that a table in on-demand mode (4,000 writes per
 * second for a new table) is far from throttling and the client's sockets (the SDK's default
 * agent allows 50) are never the queue.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/on-demand-capacity-mode.html
 */
const DEFAULT_IMPORT_CONCURRENCY = 16;

/** Options of {@link importEntries}. */
interface ImportOptions {
  /** @default DEFAULT_IMPORT_CONCURRENCY */
  readonly concurrency?: number;
  /** The policy the writes follow (escalation, TTL): the deployed one. @default DEFAULT_POLICY */
  readonly policy?: SuppressionPolicy;
  /** The time of lines that give none. @default - now */
  readonly now?: string;
  /** How many lines the import holds (from a validation pass), so that `notDone` counts unread ones. @default - the lines read */
  readonly lines?: number;
  /** Called after every line with the lines done so far. */
  readonly onProgress?: (done: number) => void;
}

/** What an import did, line by line. */
interface ImportReport {
  readonly lines: number;
  /** Suppression lines written as new events. */
  readonly written: number;
  /** Record lines written where the address had no item. */
  readonly restored: number;
  /** Lines whose event or record the table already held: nothing changed (a re-run). */
  readonly unchanged: number;
  /** Record lines whose address has a different item, left as it is. */
  readonly kept: readonly string[];
  /** Lines not done because a write failed; a re-run does them (done lines come back unchanged). */
  readonly notDone: number;
  /** The first write failure, when there was one. */
  readonly error?: unknown;
}

/**
 * Writes validated import lines with at most `concurrency` writes in flight. Suppression lines go
 * through `SuppressionStore.apply` as idempotent operator events; record lines are restored with a
 * conditional put (see `restoreRecord`). Both make a re-run cheap and harmless: each line already
 * done costs one write request that changes nothing, and is counted `unchanged`.
 *
 * On the first failure no new line is started (the ones in flight finish): an outage then costs a
 * few failed requests, not one per remaining line. The report says how many lines were not done.
 *
 * @example
 * const report = await importEntries(client, 'SuppressionTable', importEntriesOf(fileLines(path), 'csv'), { concurrency: 16 });
 */
async function importEntries(
  client: DynamoDBDocumentClient,
  tableName: string,
  entries: Iterable<ImportEntry | ImportError> | AsyncIterable<ImportEntry | ImportError>,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const store = new SuppressionStore({ tableName, client, ...(options.policy === undefined ? {} : { policy: options.policy }) });
  const now = options.now ?? new Date().toISOString();
  let written = 0;
  let restored = 0;
  let unchanged = 0;
  const kept: string[] = [];
  let done = 0;
  let failure: { error: unknown } | undefined;
  let lines = 0;
  // Workers pull from one iterator: a file is read as fast as it is written, never held whole.
  const iterator = Symbol.asyncIterator in entries ? entries[Symbol.asyncIterator]() : entries[Symbol.iterator]();
  const worker = async (): Promise<void> => {
    while (failure === undefined) {
      const next = await iterator.next();
      if (next.done === true) return;
      lines++;
      const entry = next.value;
      try {
        // The file changed since it was validated: stop as at a failed write.
        if ('message' in entry) throw new ImportLineError(`line ${entry.line}: ${entry.message}`);
        if (entry.kind === 'event') {
          const result = await store.apply(importEvent(entry.email, entry.reason, entry.eventAt, now));
          if (result === 'applied') written++;
          else unchanged++;
        } else {
          const result = await restoreRecord(client, tableName, entry.record);
          if (result === 'restored') restored++;
          else if (result === 'unchanged') unchanged++;
          else kept.push(entry.email);
        }
        done++;
        options.onProgress?.(done);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_IMPORT_CONCURRENCY);
  await Promise.all(Array.from({ length: concurrency }, worker));
  const total = options.lines ?? lines;
  return {
    lines: total,
    written,
    restored,
    unchanged,
    kept,
    notDone: total - done,
    ...(failure === undefined ? {} : { error: failure.error }),
  };
}

/** A line that was valid when the file was checked is not any more. */
class ImportLineError extends BounceGuardError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ImportLineError';
  }
}

export type { ImportOptions, ImportReport };
export { DEFAULT_IMPORT_CONCURRENCY, importEntries };
