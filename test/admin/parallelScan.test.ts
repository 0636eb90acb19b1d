import { beforeAll, describe, expect, inject, it } from 'vitest';
import { startDynamoProxy } from '../../local/dynamoProxy';
import type { ScanProgress } from '../../src/admin/parallelScan';
import { parallelScan } from '../../src/admin/parallelScan';
import { scanRecords } from '../../src/admin/scanTable';
import { StoreUnavailableError } from '../../src/domain/errors';
import { writeBulkItems } from '../helpers/bulkItems';
import { createSuppressionTable, localDocumentClient } from '../helpers/table';

describe('Function: parallelScan', () => {
  const ITEMS = 4000;
  let tableName: string;
  let emails: string[];

  beforeAll(async () => {
    tableName = await createSuppressionTable();
    emails = await writeBulkItems(tableName, ITEMS);
  }, 120_000);

  it.each([1, 2, 4, 7, 16])("yields every one of %i segments' items exactly once", async (segments) => {
    // Prepare
    const seen = new Map<string, number>();
    const progress: ScanProgress[] = [];

    // Act
    for await (const item of parallelScan(localDocumentClient(), tableName, {}, { segments, pageSize: 150, onPage: (p) => progress.push(p) })) {
      const email = String(item.email);
      seen.set(email, (seen.get(email) ?? 0) + 1);
    }

    // Assess
    expect(seen.size).toBe(ITEMS);
    expect([...seen.values()].filter((n) => n !== 1)).toEqual([]);
    expect([...seen.keys()].sort()).toEqual([...emails].sort());
    // Pages of 150: at least ITEMS / 150 of them, and the count reported at the end is the whole table.
    expect(progress.length).toBeGreaterThanOrEqual(Math.ceil(ITEMS / 150));
    expect(progress.at(-1)).toMatchObject({ scanned: ITEMS, returned: ITEMS, pages: progress.length });
  });

  it('asks DynamoDB for each segment with its own Segment and TotalSegments, and stops asking when told to stop', async () => {
    // Prepare
    const proxy = await startDynamoProxy(inject('dynamoEndpoint'));
    let taken = 0;

    try {
      // Act
      for await (const _item of parallelScan(localDocumentClient(proxy.endpoint), tableName, {}, { segments: 3, pageSize: 100 })) {
        if (++taken === 10) break;
      }

      // Assess
      const scans = proxy.requests.filter((r) => r.operation === 'Scan').map((r) => r.body);
      expect(
        scans
          .slice(0, 3)
          .map((b) => [b.Segment, b.TotalSegments])
          .sort(),
      ).toEqual([
        [0, 3],
        [1, 3],
        [2, 3],
      ]);
      // One page read, its segment's next page asked for, the other two in flight: nothing more.
      expect(scans.length).toBeLessThanOrEqual(4);
    } finally {
      await proxy.close();
    }
  });

  it('pushes the record filter and projection into the Scan, so DynamoDB returns only what is asked', async () => {
    // Prepare
    const proxy = await startDynamoProxy(inject('dynamoEndpoint'));
    const soft: string[] = [];

    try {
      // Act
      for await (const record of scanRecords(localDocumentClient(proxy.endpoint), tableName, {
        status: 'soft',
        reason: 'transient_bounce',
        fields: ['status'],
        segments: 2,
      })) {
        soft.push(record.email);
        expect(record.feedbackIds.size).toBe(0);
        expect(record.reason).toBeUndefined();
      }

      // Assess
      expect(soft.sort()).toEqual(emails.filter((_e, i) => i % 5 === 0).sort());
      const scan = proxy.requests.find((r) => r.operation === 'Scan')?.body;
      expect(scan).toMatchObject({
        FilterExpression:
          'contains(#sfKey, :sfAt) AND (attribute_exists(#sfStatus) OR attribute_not_exists(#sfReleased)) AND #status = :status AND #reason = :reason',
        ProjectionExpression: '#key, #p0',
      });
    } finally {
      await proxy.close();
    }
  });

  it('fails with StoreUnavailableError naming the table when a page cannot be read', async () => {
    // Prepare
    const proxy = await startDynamoProxy(inject('dynamoEndpoint'));
    proxy.fail('Scan');

    try {
      // Act
      const scan = async (): Promise<void> => {
        for await (const _item of parallelScan(localDocumentClient(proxy.endpoint, 1), tableName, {}, { segments: 2 })) {
          // drain
        }
      };

      // Assess
      await expect(scan()).rejects.toThrow(StoreUnavailableError);
      await expect(scan()).rejects.toThrow(`Scan on ${tableName} failed: InternalServerError`);
    } finally {
      await proxy.close();
    }
  });

  it('refuses a segment count DynamoDB would refuse', async () => {
    // Act
    const scan = parallelScan(localDocumentClient(), tableName, {}, { segments: 0 });

    // Assess
    await expect(scan.next()).rejects.toThrow(RangeError);
  });
});
