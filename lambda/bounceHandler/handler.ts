import type { SNSEvent, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { MalformedMessageError } from '../../src/domain/errors';
import { envelopeFromSnsRecord, envelopeFromSqsBody } from '../../src/receiver/envelope';
import { logger } from '../../src/receiver/logger';
import { processEnvelope } from '../../src/receiver/processEnvelope';
import type { ProcessDependencies, RecordOutcome } from '../../src/receiver/processTypes';
import { createMetricsPublisher } from './metrics';
import { summarize } from './summarize';

/** What the handler needs: processing's dependencies, and which deployment its metrics are of. */
interface HandlerDependencies extends ProcessDependencies {
  /** The `Deployment` dimension of every metric (`DEPLOYMENT`). */
  readonly deployment: string;
}

/**
 * The Lambda entry: adapts either event shape to {@link processEnvelope}.
 *
 * - SNS (topic → function, the default): SNS sends one record per invocation. A failed record
 *   makes the invocation throw, so that Lambda's asynchronous retries and then the `onFailure`
 *   dead-letter queue take it.
 * - SQS (topic → queue → function): failed records are returned in `batchItemFailures`, so that
 *   only they are received again and, after the queue's receive limit, dead-lettered.
 *
 * Rejected records (not from the stack's topic or configuration set) fail neither: they are logged
 * and counted, and retrying them could never make them authentic.
 */
function createHandler(deps: HandlerDependencies) {
  const publishMetrics = createMetricsPublisher(deps.deployment);
  /** One summary line and one set of metrics per invocation. */
  const report = (outcomes: readonly RecordOutcome[]): void => {
    const summary = summarize(outcomes);
    logger.info('batch processed', { ...summary });
    publishMetrics(summary);
  };
  if (deps.verifySignatures === false) {
    logger.warn('SNS signature verification is OFF: only the topic and configuration-set checks stand between the function and forged input');
  }
  return async function handler(event: SNSEvent | SQSEvent): Promise<SQSBatchResponse | void> {
    if (isSqsEvent(event)) {
      const outcomes = await Promise.all(event.Records.map((record) => processSqsRecord(record, deps)));
      report(outcomes);
      return {
        batchItemFailures: event.Records.filter((_, i) => outcomes[i]?.kind === 'failed').map((record) => ({
          itemIdentifier: record.messageId,
        })),
      };
    }
    const outcomes = await Promise.all(event.Records.map((record) => processEnvelope(envelopeFromSnsRecord(record.Sns), deps)));
    report(outcomes);
    const failures = outcomes.filter((outcome) => outcome.kind === 'failed');
    if (failures.length > 0) {
      throw new AggregateError(
        failures.map((failure) => failure.error),
        `${failures.length} of ${outcomes.length} SNS records failed`,
      );
    }
  };
}

async function processSqsRecord(record: SQSRecord, deps: ProcessDependencies): Promise<RecordOutcome> {
  try {
    return await processEnvelope(envelopeFromSqsBody(record.body), deps);
  } catch (error) {
    if (!(error instanceof MalformedMessageError)) throw error;
    logger.error('SQS body is not an SNS envelope: nothing written', { sqsMessageId: record.messageId, problem: error.message });
    return { kind: 'failed', error };
  }
}

function isSqsEvent(event: SNSEvent | SQSEvent): event is SQSEvent {
  return (event.Records[0] as { eventSource?: string } | undefined)?.eventSource === 'aws:sqs';
}

export type { HandlerDependencies };
export { createHandler };
