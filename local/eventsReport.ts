import { applicationEventFor } from '../lambda/changeEvents/transition';
import type { ApplicationEvent } from '../src/events/types';
import { table } from './report';
import { openTableStream, type TableStreamReader } from './tableStream';

/** Collects what a local run would publish, from the local table's own stream. */
interface EventsWatch {
  /** The events the table changes since the watch began mean, as the change-events function decides them. */
  events(): Promise<ApplicationEvent[]>;
}

/**
 * Starts watching the local table's stream at its current end, so that only this run's changes
 * count (a `--data-dir` table keeps older ones). There is no EventBridge locally: the records are
 * turned into events by the same code the deployed function runs, and printed instead of put.
 *
 * @returns `undefined` when the table has no stream (made by a run before application events)
 */
async function watchApplicationEvents(endpoint: string, tableName: string, softRecordEvents = false): Promise<EventsWatch | undefined> {
  let stream: TableStreamReader;
  try {
    stream = await openTableStream(endpoint, tableName, 'LATEST');
  } catch (error) {
    if (error instanceof Error && error.message.endsWith('has no stream')) return undefined;
    throw error;
  }
  return {
    events: async () =>
      (await stream.next())
        .map((record) => applicationEventFor(record, { softRecordEvents }))
        .filter((event): event is ApplicationEvent => event !== undefined),
  };
}

/** The events as a short table: detail-type, address, reason. */
function formatEventsReport(events: readonly ApplicationEvent[] | undefined): string {
  const title = 'Application events (what the change-events function would put on the bus)';
  if (events === undefined) return `\n${title}\n  none: the local table has no stream (an older --data-dir); use a new data directory to see them\n`;
  const rows = events.map(({ detailType, detail }) => {
    if ('previousStatus' in detail) return [detailType, detail.address, detail.reason];
    if ('cause' in detail) return [detailType, detail.address, `${detail.previous.reason} (${detail.cause})`];
    return [detailType, detail.address, `${detail.record.reason} (${detail.change})`];
  });
  return `\n${title}\n${table(['detail-type', 'address', 'reason'], rows).join('\n')}\n`;
}

export type { EventsWatch };
export { formatEventsReport, watchApplicationEvents };
