import { type EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { EVENT_SOURCE } from '../../src/events/constants';
import type { ApplicationEvent } from '../../src/events/types';

/** An event with the index of the stream record it came from. */
interface PlannedEvent {
  readonly recordIndex: number;
  readonly event: ApplicationEvent;
}

/** How {@link putInOrder} retries. */
interface PutOptions {
  /** Attempts per entry, the first included. */
  readonly maxAttempts: number;
  /** Waits between attempts (injectable so that tests do not sleep). */
  readonly sleep: (ms: number) => Promise<void>;
}

/** What {@link putInOrder} did. */
interface PutOutcome {
  /** Index of the earliest record whose event was not accepted; `undefined` when all were. */
  readonly firstFailedRecord: number | undefined;
  /** Entries accepted. */
  readonly accepted: number;
  /** Entry attempts that EventBridge refused (each retried, up to the limit). */
  readonly refusedAttempts: number;
  /** Error codes of the refusals, counted (no address: codes only). */
  readonly errorCodes: Readonly<Record<string, number>>;
}

/** PutEvents takes at most 10 entries per request. https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevents.html */
const MAX_ENTRIES_PER_REQUEST = 10;

/**
 * Puts events on the bus in stream order, keeping each address's order:
 *
 * - a request never holds two events of one address, so an address's later event is put only
 *   after its earlier one was accepted;
 * - PutEvents accepts or refuses each entry on its own (`FailedEntryCount`, and an `ErrorCode` on
 *   the refused entries, https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevents.html):
 *   only the refused entries are sent again, up to `maxAttempts`, so an accepted one is never put twice;
 * - when an entry is still refused, nothing after its request is put: the caller reports that record
 *   as the batch's first failure and Lambda retries from it.
 */
async function putInOrder(client: EventBridgeClient, eventBusName: string, events: readonly PlannedEvent[], options: PutOptions): Promise<PutOutcome> {
  let accepted = 0;
  let refusedAttempts = 0;
  const errorCodes: Record<string, number> = {};
  for (const request of requestsOf(events)) {
    let pending = request;
    for (let attempt = 1; pending.length > 0 && attempt <= options.maxAttempts; attempt++) {
      if (attempt > 1) await options.sleep(100 * 2 ** (attempt - 2));
      const refused = await putOnce(client, eventBusName, pending, errorCodes);
      accepted += pending.length - refused.length;
      refusedAttempts += refused.length;
      pending = refused;
    }
    if (pending.length > 0) {
      return { firstFailedRecord: Math.min(...pending.map((planned) => planned.recordIndex)), accepted, refusedAttempts, errorCodes };
    }
  }
  return { firstFailedRecord: undefined, accepted, refusedAttempts, errorCodes };
}

/** One PutEvents; returns the entries it refused. A request that fails as a whole refuses them all. */
async function putOnce(
  client: EventBridgeClient,
  eventBusName: string,
  entries: readonly PlannedEvent[],
  errorCodes: Record<string, number>,
): Promise<PlannedEvent[]> {
  try {
    const response = await client.send(new PutEventsCommand({ Entries: entries.map((planned) => entryOf(eventBusName, planned.event)) }));
    if ((response.FailedEntryCount ?? 0) === 0) return [];
    // The response's entries are in the request's order, one for each.
    return entries.filter((_planned, i) => {
      const code = response.Entries?.[i]?.ErrorCode;
      if (code !== undefined) errorCodes[code] = (errorCodes[code] ?? 0) + 1;
      return code !== undefined || response.Entries?.[i]?.EventId === undefined;
    });
  } catch (error) {
    const code = error instanceof Error ? error.name : 'Error';
    errorCodes[code] = (errorCodes[code] ?? 0) + entries.length;
    return [...entries];
  }
}

/** Splits events, in order, into requests of at most 10 entries with at most one per address. */
function requestsOf(events: readonly PlannedEvent[]): PlannedEvent[][] {
  const requests: PlannedEvent[][] = [];
  let current: PlannedEvent[] = [];
  let addresses = new Set<string>();
  for (const planned of events) {
    const address = planned.event.detail.address;
    if (current.length === MAX_ENTRIES_PER_REQUEST || addresses.has(address)) {
      requests.push(current);
      current = [];
      addresses = new Set();
    }
    current.push(planned);
    addresses.add(address);
  }
  if (current.length > 0) requests.push(current);
  return requests;
}

function entryOf(eventBusName: string, event: ApplicationEvent): PutEventsRequestEntry {
  return {
    EventBusName: eventBusName,
    Source: EVENT_SOURCE,
    DetailType: event.detailType,
    Detail: JSON.stringify(event.detail),
    Time: new Date(event.detail.changedAt),
  };
}

export type { PlannedEvent, PutOptions, PutOutcome };
export { entryOf, MAX_ENTRIES_PER_REQUEST, putInOrder, requestsOf };
