import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { StoreUnavailableError } from '../domain/errors';
import { mergeEvent } from '../domain/mergeEvent';
import type { SuppressionPolicy } from '../domain/policy';
import type { SuppressionRecord } from '../domain/types';
import { fromItem, keyOf } from '../store/suppressionSchema';
import { describeError } from '../util/describeError';
import { exportedRecord } from './formatRecords';
import { importEvent } from './operatorEvent';
import type { ImportEntry, ImportError } from './parseImport';

/** What one line of an import would do. */
type PlannedChange = 'added' | 'changed' | 'unchanged';

/** Addresses listed per kind of change; the counts cover every line. */
const MAX_PLANNED_LISTED = 1000;

/** What an import would do, line by line, without writing. */
interface ImportPlan {
  readonly lines: number;
  /** Lines that would create a record (no item, or only a release marker the line is newer than). */
  readonly added: number;
  /** Lines that would change an existing record (its status, reason, times or counts). */
  readonly changed: number;
  /** Lines that would change nothing: applied before, no newer than a release, or a record line whose address holds another record ("kept"). */
  readonly unchanged: number;
  /** The first addresses of each kind, with the status change where there is one (e.g. `soft -> suppressed`). */
  readonly samples: { readonly added: string[]; readonly changed: string[]; readonly unchanged: string[] };
}

/**
 * What `import` would do with validated lines, reading each address's item (strongly consistent)
 * and applying the same pure merge the store writes (`mergeEvent`); record lines are compared as
 * `restoreRecord` does. Each line is judged against the table as it is now: two lines for one
 * address are each judged alone.
 *
 * @example
 * const plan = await planImport(client, 'SuppressionTable', importEntriesOf(fileLines(path), 'csv'), DEFAULT_POLICY);
 * @throws StoreUnavailableError when an item cannot be read
 */
async function planImport(
  client: DynamoDBDocumentClient,
  tableName: string,
  entries: AsyncIterable<ImportEntry | ImportError>,
  policy: SuppressionPolicy,
  options: { readonly concurrency?: number; readonly now?: string } = {},
): Promise<ImportPlan> {
  const now = options.now ?? new Date().toISOString();
  const counts = { added: 0, changed: 0, unchanged: 0 };
  const samples = { added: [] as string[], changed: [] as string[], unchanged: [] as string[] };
  let lines = 0;
  const note = (change: PlannedChange, text: string): void => {
    counts[change]++;
    if (samples[change].length < MAX_PLANNED_LISTED) samples[change].push(text);
  };
  const iterator = entries[Symbol.asyncIterator]();
  const worker = async (): Promise<void> => {
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
      const entry = next.value;
      if ('message' in entry) continue;
      lines++;
      const current = await readItem(client, tableName, entry.email);
      if (entry.kind === 'record') {
        if (current === undefined || current.status === undefined) note('added', entry.email);
        else
          note(
            'unchanged',
            JSON.stringify(exportedRecord(current)) === JSON.stringify(exportedRecord(entry.record))
              ? entry.email
              : `${entry.email} (kept: holds another record)`,
          );
        continue;
      }
      const merged = mergeEvent(current, importEvent(entry.email, entry.reason, entry.eventAt, now), { policy });
      if (merged === undefined) note('unchanged', entry.email);
      else if (current === undefined || current.status === undefined) note('added', `${entry.email} (${merged.status}, ${merged.reason})`);
      else {
        const transition =
          current.status === merged.status && current.reason === merged.reason
            ? 'counted'
            : `${current.status} ${current.reason} -> ${merged.status} ${merged.reason}`;
        note('changed', `${entry.email} (${transition})`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, worker));
  return { lines, ...counts, samples };
}

/** The raw item of an address, release markers included (`mergeEvent` needs their `releasedAt`). */
async function readItem(client: DynamoDBDocumentClient, tableName: string, email: string): Promise<SuppressionRecord | undefined> {
  const key = keyOf(email);
  if (key === undefined) return undefined;
  try {
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
    return Item === undefined ? undefined : fromItem(Item);
  } catch (error) {
    throw new StoreUnavailableError(`GetItem on ${tableName} failed: ${describeError(error)}`, { cause: error });
  }
}

export type { ImportPlan, PlannedChange };
export { planImport };
