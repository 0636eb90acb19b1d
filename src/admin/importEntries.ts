import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SuppressionStore } from '../store/SuppressionStore';
import { importEvent } from './operatorEvent';
import type { ImportEntry } from './parseImport';
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
  /** The time of lines that give none. @default - now */
  readonly now?: string;
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
 * const report = await importEntries(client, 'SuppressionTable', parseImport(text, 'csv').entries, { concurrency: 16 });
 */
async function importEntries(client: DynamoDBDocumentClient, tableName: string, entries: readonly ImportEntry[], options: ImportOptions = {}): Promise<ImportReport> {
  const store = new SuppressionStore({ tableName, client });
  const now = options.now ?? new Date().toISOString();
  let written = 0;
  let restored = 0;
  let unchanged = 0;
  const kept: string[] = [];
  let done = 0;
  let failure: { error: unknown } | undefined;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < entries.length) {
      const entry = entries[next++] as ImportEntry;
      try {
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
  await Promise.all(Array.from({ length: Math.min(concurrency, entries.length) }, worker));
  return {
    lines: entries.length,
    written,
    restored,
    unchanged,
    kept,
    notDone: entries.length - done,
    ...(failure === undefined ? {} : { error: failure.error }),
  };
}

export { DEFAULT_IMPORT_CONCURRENCY, importEntries };
export type { ImportOptions, ImportReport };
