import { ChangeMessageVisibilityBatchCommand, DeleteMessageBatchCommand, type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { checkQueue, type PreparedMessage, type RedriveDestination } from './redriveDestinations';

/** Options of {@link redriveMessages}. */
interface RedriveOptions {
  /**
   * Stop after this many messages.
   * @default - every message in the source
   */
  readonly max?: number;
  /**
   * Receive and check, move nothing: every message is released again at the end.
   * @default false
   */
  readonly dryRun?: boolean;
  /**
   * How long a received message stays hidden from other consumers while the run holds it.
   * @default 300
   */
  readonly holdSeconds?: number;
  /**
   * How long each receive waits for messages (long polling asks every SQS server, so an empty
   * answer means an empty queue).
   * @default 2
   */
  readonly waitSeconds?: number;
  /** Called after each batch with the running report, for progress output. */
  readonly onBatch?: (report: RedriveReport) => void;
}

/** What a redrive did (or, in a dry run, would do). */
interface RedriveReport {
  readonly source: string;
  readonly destination: string;
  readonly dryRun: boolean;
  /** Messages about the queue before the run (SQS's approximate count). */
  readonly approximateInSource: number;
  /** Messages received from the source. */
  received: number;
  /** Handed to the destination and deleted from the source; in a dry run, would be. */
  moved: number;
  /** The destination did not take them: they stay in the source. */
  failed: number;
  /** Not a message the destination can take (see `problems`): they stay in the source. */
  skipped: number;
  /**
   * Handed on but not deleted from the source: they will be handed on again by a later run,
   * which the idempotent handler absorbs.
   */
  notDeleted: number;
  /** Why each failed or skipped message stayed. */
  readonly problems: { messageId: string; reason: string }[];
}

const SQS_BATCH = 10;

/**
 * Moves messages from a dead-letter queue back to where they are processed, without ever losing
 * one: a message is deleted from the source only after the destination took it. A crash in between
 * leaves it in both places, and redelivering it is harmless because every write is idempotent.
 *
 * ```
 * ReceiveMessage (≤10, hidden for holdSeconds) → prepare → send (SendMessageBatch | Invoke)
 *   → DeleteMessageBatch (only what was taken) … until the source is empty or max is reached
 * finally: ChangeMessageVisibility 0 for everything held back (failed, skipped, dry run)
 * ```
 *
 * StartMessageMoveTask would do the queue case server-side, but not the function case, and not
 * against every local stand-in; this works the same for both.
 *
 * @example
 * const report = await redriveMessages(sqs, dlqUrl, queueDestination(sqs, queueUrl), { max: 100 });
 * @throws MissingResourceError when the source or the destination does not exist (nothing moved)
 */
async function redriveMessages(sqs: SQSClient, source: string, destination: RedriveDestination, options: RedriveOptions = {}): Promise<RedriveReport> {
  const approximateInSource = await checkQueue(sqs, source, 'source');
  await destination.check();
  const report: RedriveReport = {
    source,
    destination: destination.description,
    dryRun: options.dryRun === true,
    approximateInSource,
    received: 0,
    moved: 0,
    failed: 0,
    skipped: 0,
    notDeleted: 0,
    problems: [],
  };
  const seen = new Set<string>();
  /** Receipt handles of messages to make visible again at the end. */
  const held: string[] = [];
  try {
    while (options.max === undefined || report.received < options.max) {
      const wanted = Math.min(SQS_BATCH, (options.max ?? Number.POSITIVE_INFINITY) - report.received);
      const response = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: source,
          MaxNumberOfMessages: wanted,
          VisibilityTimeout: options.holdSeconds ?? 300,
          WaitTimeSeconds: options.waitSeconds ?? 2,
          MessageAttributeNames: ['All'],
        }),
      );
      const messages = response.Messages ?? [];
      // A message seen before is back because its hold ran out: the run has gone round the queue.
      const fresh = messages.filter((m) => m.MessageId !== undefined && m.ReceiptHandle !== undefined && !seen.has(m.MessageId));
      held.push(...messages.filter((m) => !fresh.includes(m)).flatMap((m) => (m.ReceiptHandle === undefined ? [] : [m.ReceiptHandle])));
      if (fresh.length === 0) break;
      for (const message of fresh) seen.add(message.MessageId as string);
      report.received += fresh.length;
      await handleBatch(sqs, source, destination, fresh, report, held);
      options.onBatch?.(report);
    }
  } finally {
    await release(sqs, source, held);
  }
  return report;
}

async function handleBatch(
  sqs: SQSClient,
  source: string,
  destination: RedriveDestination,
  messages: readonly Message[],
  report: RedriveReport,
  held: string[],
): Promise<void> {
  const prepared: PreparedMessage[] = [];
  for (const message of messages) {
    const result = destination.prepare(message);
    if (result.ok) prepared.push({ message, payload: result.payload });
    else {
      report.skipped++;
      report.problems.push({ messageId: message.MessageId as string, reason: result.reason });
      held.push(message.ReceiptHandle as string);
    }
  }
  if (report.dryRun || prepared.length === 0) {
    report.moved += report.dryRun ? prepared.length : 0;
    held.push(...prepared.map(({ message }) => message.ReceiptHandle as string));
    return;
  }
  const failures = await destination.send(prepared);
  const taken = prepared.filter(({ message }) => !failures.has(message.MessageId as string));
  for (const { message } of prepared) {
    const reason = failures.get(message.MessageId as string);
    if (reason === undefined) continue;
    report.failed++;
    report.problems.push({ messageId: message.MessageId as string, reason });
    held.push(message.ReceiptHandle as string);
  }
  report.moved += taken.length;
  if (taken.length === 0) return;
  const deleted = await sqs.send(
    new DeleteMessageBatchCommand({
      QueueUrl: source,
      Entries: taken.map(({ message }, i) => ({ Id: String(i), ReceiptHandle: message.ReceiptHandle as string })),
    }),
  );
  report.notDeleted += taken.length - (deleted.Successful?.length ?? 0);
}

/** Makes held messages visible again now, rather than when their hold runs out. */
async function release(sqs: SQSClient, source: string, handles: readonly string[]): Promise<void> {
  for (let i = 0; i < handles.length; i += SQS_BATCH) {
    const chunk = handles.slice(i, i + SQS_BATCH);
    try {
      await sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: source,
          Entries: chunk.map((ReceiptHandle, j) => ({ Id: String(j), ReceiptHandle, VisibilityTimeout: 0 })),
        }),
      );
    } catch {
      // Not releasing early only delays them until the hold runs out: nothing is lost.
    }
  }
}

export type { RedriveOptions, RedriveReport };
export { redriveMessages };
