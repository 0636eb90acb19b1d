import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type _Record, DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';

/** Where a reader starts in each shard. */
type StreamStart = 'TRIM_HORIZON' | 'LATEST';

/**
 * Reads a local table's stream the way Lambda's event source mapping does (DescribeStream for the
 * shards, GetShardIterator, GetRecords until a shard has nothing new) and hands the records over in
 * the shape Lambda delivers them, so that the change-events handler runs on real stream records.
 */
interface TableStreamReader {
  readonly streamArn: string;
  /** Every record written since the last call (or since the start), in stream order per shard. */
  next(): Promise<DynamoDBRecord[]>;
}

/**
 * Opens the stream of a table in DynamoDB Local (or any endpoint speaking DynamoDB Streams).
 *
 * @param endpoint - DynamoDB Local's URL
 * @param tableName - a table created with `StreamSpecification`
 * @param start - `TRIM_HORIZON` for everything the stream holds, `LATEST` for what comes after now
 * @throws Error when the table has no stream
 */
async function openTableStream(endpoint: string, tableName: string, start: StreamStart = 'TRIM_HORIZON'): Promise<TableStreamReader> {
  const config = { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  const table = await new DynamoDBClient(config).send(new DescribeTableCommand({ TableName: tableName }));
  const streamArn = table.Table?.LatestStreamArn;
  if (streamArn === undefined || table.Table?.StreamSpecification?.StreamEnabled !== true) throw new Error(`table ${tableName} has no stream`);
  const streams = new DynamoDBStreamsClient(config);
  const iterators = new Map<string, string | undefined>();

  const discoverShards = async (type: StreamStart): Promise<void> => {
    let ExclusiveStartShardId: string | undefined;
    do {
      const page = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId }));
      for (const shard of page.StreamDescription?.Shards ?? []) {
        if (shard.ShardId === undefined || iterators.has(shard.ShardId)) continue;
        const iterator = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId, ShardIteratorType: type }));
        iterators.set(shard.ShardId, iterator.ShardIterator);
      }
      ExclusiveStartShardId = page.StreamDescription?.LastEvaluatedShardId;
    } while (ExclusiveStartShardId !== undefined);
  };
  await discoverShards(start);

  return {
    streamArn,
    async next() {
      // A shard that appeared since (a split) holds only records newer than the reader: read it all.
      await discoverShards('TRIM_HORIZON');
      const records: DynamoDBRecord[] = [];
      for (const [shardId, iterator] of iterators) {
        let current = iterator;
        while (current !== undefined) {
          const page = await streams.send(new GetRecordsCommand({ ShardIterator: current }));
          const batch = page.Records ?? [];
          records.push(...batch.map((record) => lambdaShaped(record, streamArn)));
          // An open shard always returns a next iterator: stop at the first empty page and resume
          // there next time. A closed shard returns none once it is read to its end.
          if (batch.length === 0 || page.NextShardIterator === undefined) {
            iterators.set(shardId, page.NextShardIterator);
            break;
          }
          current = page.NextShardIterator;
        }
      }
      return records;
    },
  };
}

/**
 * A DynamoDB Streams API record in the shape Lambda's event source mapping delivers: the same
 * fields, but `userIdentity` with lower-case keys and the creation time in epoch seconds.
 */
function lambdaShaped(record: _Record, streamArn: string): DynamoDBRecord {
  const stream = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion,
    eventSource: record.eventSource,
    awsRegion: record.awsRegion,
    eventSourceARN: streamArn,
    dynamodb: {
      ApproximateCreationDateTime:
        stream.ApproximateCreationDateTime === undefined ? undefined : Math.floor(stream.ApproximateCreationDateTime.getTime() / 1000),
      Keys: stream.Keys as NonNullable<DynamoDBRecord['dynamodb']>['Keys'],
      NewImage: stream.NewImage as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'],
      OldImage: stream.OldImage as NonNullable<DynamoDBRecord['dynamodb']>['OldImage'],
      SequenceNumber: stream.SequenceNumber,
      SizeBytes: stream.SizeBytes,
      StreamViewType: stream.StreamViewType,
    },
    ...(record.userIdentity === undefined ? {} : { userIdentity: { type: record.userIdentity.Type, principalId: record.userIdentity.PrincipalId } }),
  };
}

export type { StreamStart, TableStreamReader };
export { lambdaShaped, openTableStream };
