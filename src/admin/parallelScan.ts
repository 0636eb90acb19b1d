import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient, ScanCommandInput, ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { StoreUnavailableError } from '../domain/errors';
import type { Item } from '../store/suppressionSchema';

/**
 * Segments a full-table command scans in parallel unless told otherwise.
 *
 * Why 4: each segment holds at most two pages (one in flight, one being read), so memory is about
 * 4 × 2 × 1 MB of items whatever the table's size. A 1 MB page costs 128 read units (eventually
 * consistent: 0.5 per 4 KB); at ~10 pages per second per segment, 4 segments use about 5,000 read
 * units per second, under the 12,000 a new on-demand table sustains, which leaves room for the
 * senders' checks on the same table. More segments help little on one Node.js process: it becomes
 * CPU-bound unmarshalling pages (see `npm run bench`).
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/on-demand-capacity-mode.html
 */
const DEFAULT_SEGMENTS = 4;

/** DynamoDB's limit on `TotalSegments`. https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/dynamodb/aws.sdk.kotlin.services.dynamodb.model/-scan-request/total-segments.html */
const MAX_SEGMENTS = 1_000_000;

/** Progress of a scan, after each page. */
interface ScanProgress {
  /** Items DynamoDB read (before the filter). */
  readonly scanned: number;
  /** Items returned (after the filter). */
  readonly returned: number;
  readonly pages: number;
  /** Read units consumed, as DynamoDB reported them (`ReturnConsumedCapacity: TOTAL`). */
  readonly readUnits: number;
}

/** Options of {@link parallelScan}. */
interface ParallelScanOptions {
  /**
   * Segments scanned at once (`TotalSegments`); 1 is a sequential scan.
   * @default DEFAULT_SEGMENTS
   */
  readonly segments?: number;
  /**
   * Items per Scan page (DynamoDB's `Limit`).
   * @default - DynamoDB's 1 MB pages
   */
  readonly pageSize?: number;
  /** Called after every page. */
  readonly onPage?: (progress: ScanProgress) => void;
}

/** What of each item a scan asks for: the filter and projection DynamoDB applies before returning a page. */
type ScanRequest = Pick<ScanCommandInput, 'FilterExpression' | 'ProjectionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'>;

/**
 * Every item of a table that passes `request`'s filter, read with a parallel Scan: `segments`
 * workers each page through their own segment, and their pages are yielded as they arrive. Every
 * item is yielded exactly once, in no particular order.
 *
 * Memory stays bounded: a segment asks for its next page only after its previous one arrived, so at
 * most `segments` pages are in flight and one is being yielded. Stopping early (a `break`) leaves
 * at most `segments` requests to finish unread.
 *
 * https://docs.amazonaws.cn/amazondynamodb/latest/APIReference/API_Scan.html (Segment,
 * TotalSegments; LastEvaluatedKey goes back with the same segment; the filter is applied after
 * the 1 MB page is read, so it saves transfer, not read units)
 *
 * @example
 * for await (const item of parallelScan(client, 'SuppressionTable', {}, { segments: 8 })) console.log(item.email);
 * @throws StoreUnavailableError when a page cannot be read (missing table, network)
 */
async function* parallelScan(
  client: DynamoDBDocumentClient,
  tableName: string,
  request: ScanRequest = {},
  options: ParallelScanOptions = {},
): AsyncGenerator<Item> {
  const segments = options.segments ?? DEFAULT_SEGMENTS;
  if (!Number.isSafeInteger(segments) || segments < 1 || segments > MAX_SEGMENTS) throw new RangeError(`segments must be an integer from 1 to ${MAX_SEGMENTS} (got ${segments})`);
  let scanned = 0;
  let returned = 0;
  let pages = 0;
  let readUnits = 0;
  type Arrival = { readonly segment: number; readonly page: ScanCommandOutput };
  const pending = new Map<number, Promise<Arrival>>();
  const fetchPage = (segment: number, ExclusiveStartKey: Item | undefined): void => {
    const arrival = client
      .send(
        new ScanCommand({
          TableName: tableName,
          ...request,
          ExclusiveStartKey,
          ReturnConsumedCapacity: 'TOTAL',
          ...(segments === 1 ? {} : { Segment: segment, TotalSegments: segments }),
          ...(options.pageSize === undefined ? {} : { Limit: options.pageSize }),
        }),
      )
      .then(
        (page) => ({ segment, page }),
        (error: unknown) => {
          throw new StoreUnavailableError(`Scan on ${tableName} failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`, { cause: error });
        },
      );
    // A consumer that stops early never awaits the rest: their failures are not its concern.
    arrival.catch(() => undefined);
    pending.set(segment, arrival);
  };
  for (let segment = 0; segment < segments; segment++) fetchPage(segment, undefined);
  while (pending.size > 0) {
    const { segment, page } = await Promise.race(pending.values());
    pending.delete(segment);
    // Ask for the segment's next page before handing this one on, so the network works meanwhile.
    if (page.LastEvaluatedKey !== undefined) fetchPage(segment, page.LastEvaluatedKey);
    scanned += page.ScannedCount ?? page.Items?.length ?? 0;
    returned += page.Items?.length ?? 0;
    pages++;
    readUnits += page.ConsumedCapacity?.CapacityUnits ?? 0;
    options.onPage?.({ scanned, returned, pages, readUnits });
    yield* page.Items ?? [];
  }
}

export { DEFAULT_SEGMENTS, MAX_SEGMENTS, parallelScan };
export type { ParallelScanOptions, ScanProgress, ScanRequest };
