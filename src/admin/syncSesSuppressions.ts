import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { ListSuppressedDestinationsCommand } from '@aws-sdk/client-sesv2';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { normalizeAddress } from '../domain/address';
import { SuppressionStatus } from '../domain/constants';
import { BounceGuardError } from '../domain/errors';
import type { SuppressionPolicy } from '../domain/policy';
import { SuppressionStore } from '../store/SuppressionStore';
import { describeError } from '../util/describeError';
import { mapWithConcurrency } from '../util/mapWithConcurrency';
import { sesSyncEvent } from './operatorEvent';
import type { ParallelScanOptions } from './parallelScan';
import { scanRecords } from './scanTable';

/** Options of {@link syncSesSuppressions}. */
interface SyncOptions {
  /**
   * Report the drift without writing anything.
   * @default false
   */
  readonly dryRun?: boolean;
  /** Called after every page of SES's list with the number of entries read so far. */
  readonly onPage?: (read: number) => void;
  /** How to scan the table (segments, progress). */
  readonly scan?: ParallelScanOptions;
  /**
   * Writes in flight.
   * @default 16
   */
  readonly concurrency?: number;
  /** The policy the writes follow (TTL): the deployed one. @default DEFAULT_POLICY */
  readonly policy?: SuppressionPolicy;
}

/** What a sync found and did. */
interface SyncReport {
  /** Entries on SES's account-level list. */
  readonly sesEntries: number;
  /** On SES's list but not suppressed in the table before the sync (the sync suppresses them). */
  readonly onlyInSes: string[];
  /** Suppressed in the table but not on SES's list (left alone: the table is the stricter list). */
  readonly onlyInTable: string[];
  /** Entries written as new events; 0 on a dry run. */
  readonly applied: number;
  /** Entries already synced before (same address and SES update time). */
  readonly duplicates: number;
  /** Entries whose address the schema refuses, as SES gave them. */
  readonly invalid: string[];
}

/** SES's largest page. */
const PAGE_SIZE = 1000;

/**
 * Copies SES's account-level suppression list into the table and reports the drift both ways.
 *
 * Each SES entry becomes an event through `SuppressionStore.apply` (reason bounce or complaint,
 * source `ses-account-suppression-list`, feedback id `ses-sync:<email>:<LastUpdateTime>`), so a
 * repeated sync changes nothing and the items look like every other item.
 *
 * @example
 * const report = await syncSesSuppressions(ses, dynamo, 'SuppressionTable');
 * console.log(`${report.onlyInSes.length} added, ${report.onlyInTable.length} only in the table`);
 * @throws StoreUnavailableError when the table cannot be read or written; the SES client's error
 * when SES cannot be read
 */
async function syncSesSuppressions(ses: SESv2Client, dynamo: DynamoDBDocumentClient, tableName: string, options: SyncOptions = {}): Promise<SyncReport> {
  const entries: { email: string; reason: string; lastUpdateTime: string }[] = [];
  const invalid: string[] = [];
  let NextToken: string | undefined;
  let read = 0;
  do {
    let page;
    try {
      page = await ses.send(new ListSuppressedDestinationsCommand({ PageSize: PAGE_SIZE, NextToken }));
    } catch (error) {
      throw new BounceGuardError(`SES ListSuppressedDestinations failed: ${describeError(error)}`, {
        cause: error,
      });
    }
    for (const summary of page.SuppressedDestinationSummaries ?? []) {
      read++;
      const email = normalizeAddress(summary.EmailAddress);
      if (email === undefined) invalid.push(String(summary.EmailAddress));
      else entries.push({ email, reason: String(summary.Reason), lastUpdateTime: (summary.LastUpdateTime ?? new Date(0)).toISOString() });
    }
    options.onPage?.(read);
    NextToken = page.NextToken;
  } while (NextToken !== undefined && NextToken !== '');

  // SES's list is read first and held; the table is then streamed against it (a parallel Scan of
  // the suppressed keys only), so memory follows SES's list and the drift, not the table's size.
  const inSes = new Set(entries.map((e) => e.email));
  const inBoth = new Set<string>();
  const onlyInTable: string[] = [];
  for await (const record of scanRecords(dynamo, tableName, { ...options.scan, status: SuppressionStatus.SUPPRESSED, fields: [] })) {
    if (inSes.has(record.email)) inBoth.add(record.email);
    else onlyInTable.push(record.email);
  }

  let applied = 0;
  let duplicates = 0;
  if (options.dryRun !== true) {
    const store = new SuppressionStore({ tableName, client: dynamo, ...(options.policy === undefined ? {} : { policy: options.policy }) });
    const results = await mapWithConcurrency(entries, options.concurrency ?? 16, (entry) =>
      store.apply(sesSyncEvent(entry.email, entry.reason, entry.lastUpdateTime)),
    );
    for (const result of results) {
      if (result.status === 'rejected') throw result.reason;
      if (result.value === 'applied') applied++;
      else duplicates++;
    }
  }
  return {
    sesEntries: read,
    onlyInSes: [...inSes].filter((email) => !inBoth.has(email)).sort(),
    onlyInTable: onlyInTable.sort(),
    applied,
    duplicates,
    invalid,
  };
}

export type { SyncOptions, SyncReport };
export { syncSesSuppressions };
