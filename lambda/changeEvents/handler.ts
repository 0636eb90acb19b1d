import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '../../src/receiver/logger';
import { type PlannedEvent, type PutOptions, putInOrder } from './putEvents';
import { applicationEventFor, type TransitionOptions } from './transition';

/** What the change-events function needs. */
interface ChangeEventsDependencies extends TransitionOptions {
  readonly client: EventBridgeClient;
  readonly eventBusName: string;
  /**
   * Attempts per refused PutEvents entry and the wait between them.
   * @default - 3 attempts, 100 ms then 200 ms apart
   */
  readonly put?: Partial<PutOptions>;
}

const DEFAULT_PUT: PutOptions = { maxAttempts: 3, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

/**
 * The stream consumer: turns a batch of suppression-table stream records into application events
 * (see `applicationEventFor`) and puts them on the bus in stream order.
 *
 * Failures are reported, not thrown: the response names the first record that could not be read
 * or whose event was not accepted, so that Lambda checkpoints before it and retries from it
 * (`ReportBatchItemFailures`: "Lambda uses the record with the lowest sequence number as the
 * checkpoint", https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-batchfailurereporting.html).
 * Events after that record may have been accepted already and are put again on the retry: delivery
 * is at least once, and consumers deduplicate on `detail.eventId`.
 *
 * Logs carry counts and error codes, never an address.
 */
function createChangeEventsHandler(deps: ChangeEventsDependencies) {
  const put: PutOptions = { ...DEFAULT_PUT, ...deps.put };
  return async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
    const planned: PlannedEvent[] = [];
    let unreadable: number | undefined;
    for (const [recordIndex, record] of event.Records.entries()) {
      try {
        const applicationEvent = applicationEventFor(record, deps);
        if (applicationEvent !== undefined) planned.push({ recordIndex, event: applicationEvent });
      } catch (error) {
        logger.error('stream record unreadable: it and the records after it are retried', {
          eventID: record.eventID,
          problem: error instanceof Error ? error.message : String(error),
        });
        unreadable = recordIndex;
        break;
      }
    }
    const outcome = await putInOrder(deps.client, deps.eventBusName, planned, put);
    const failedAt = [unreadable, outcome.firstFailedRecord].filter((index): index is number => index !== undefined);
    const firstFailure = failedAt.length === 0 ? undefined : Math.min(...failedAt);
    const summary = {
      records: event.Records.length,
      events: planned.length,
      accepted: outcome.accepted,
      refusedAttempts: outcome.refusedAttempts,
      errorCodes: outcome.errorCodes,
      retriedFrom: firstFailure,
    };
    if (firstFailure === undefined) logger.info('change events published', summary);
    else logger.error('change events not all published: retrying from the first failed record', summary);
    const sequenceNumber = firstFailure === undefined ? undefined : event.Records[firstFailure]?.dynamodb?.SequenceNumber;
    return { batchItemFailures: sequenceNumber === undefined ? [] : [{ itemIdentifier: sequenceNumber }] };
  };
}

export type { ChangeEventsDependencies };
export { createChangeEventsHandler };
