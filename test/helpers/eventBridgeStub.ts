import { createServer } from 'node:http';
import { closeServer, sendJson } from './loopbackServer';

/** One entry of a PutEvents request, as sent. */
interface StubEntry {
  readonly EventBusName?: string;
  readonly Source?: string;
  readonly DetailType?: string;
  readonly Detail?: string;
  readonly Time?: number;
}

/** An entry the stub accepted, with the id it gave it. */
interface AcceptedEvent {
  readonly id: string;
  readonly entry: StubEntry;
  readonly detail: Record<string, unknown>;
}

/**
 * A loopback HTTP server speaking EventBridge's AWS JSON 1.1 protocol (what
 * `@aws-sdk/client-eventbridge` v3 sends: POST, `X-Amz-Target: AWSEvents.PutEvents`) for PutEvents.
 * It keeps every request and every accepted entry, and can refuse chosen entries the way
 * EventBridge does: the request succeeds, `FailedEntryCount` counts them, and each refused entry
 * carries an `ErrorCode` in its place of the response.
 */
interface EventBridgeStub {
  readonly endpoint: string;
  /** Every PutEvents request's entries, in order. */
  readonly requests: readonly (readonly StubEntry[])[];
  /** Every accepted entry, in order of acceptance. */
  readonly accepted: readonly AcceptedEvent[];
  /**
   * Refuses the entries this returns an error code for (`undefined`: accept). It sees each entry
   * and how many times an entry with the same Detail was sent before.
   */
  refuseWhen(rule: ((entry: StubEntry, previousAttempts: number) => string | undefined) | undefined): void;
  close(): Promise<void>;
}

async function startEventBridgeStub(): Promise<EventBridgeStub> {
  const requests: StubEntry[][] = [];
  const accepted: AcceptedEvent[] = [];
  const attempts = new Map<string, number>();
  let refuse: ((entry: StubEntry, previousAttempts: number) => string | undefined) | undefined;
  let sequence = 0;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      if (target !== 'AWSEvents.PutEvents') {
        sendJson(
          res,
          400,
          { __type: 'UnknownOperationException', message: `stub does not answer ${target}` },
          { 'content-type': 'application/x-amz-json-1.1' },
        );
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { Entries?: StubEntry[] };
      const entries = body.Entries ?? [];
      requests.push(entries);
      let failed = 0;
      const results = entries.map((entry) => {
        const key = String(entry.Detail);
        const previous = attempts.get(key) ?? 0;
        attempts.set(key, previous + 1);
        const code = refuse?.(entry, previous);
        if (code !== undefined) {
          failed++;
          return { ErrorCode: code, ErrorMessage: 'refused by the stub' };
        }
        const id = `stub-event-${++sequence}`;
        accepted.push({ id, entry, detail: JSON.parse(String(entry.Detail)) as Record<string, unknown> });
        return { EventId: id };
      });
      sendJson(res, 200, { FailedEntryCount: failed, Entries: results }, { 'content-type': 'application/x-amz-json-1.1' });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('stub has no port');
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    requests,
    accepted,
    refuseWhen: (rule) => {
      refuse = rule;
    },
    close: () => closeServer(server),
  };
}

export type { AcceptedEvent, EventBridgeStub, StubEntry };
export { startEventBridgeStub };
