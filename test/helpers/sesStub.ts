import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { closeServer, sendJson } from './loopbackServer';

/** An entry of the stub's account-level suppression list. */
interface StubSuppressedDestination {
  readonly EmailAddress: string;
  readonly Reason: 'BOUNCE' | 'COMPLAINT';
  /** ISO 8601. */
  readonly LastUpdateTime: string;
}

/** One request the stub received. */
interface StubRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly body: Record<string, unknown> | undefined;
}

/**
 * A loopback HTTP server that answers the few SESv2 REST operations the project uses: SendEmail,
 * ListSuppressedDestinations (paged by `PageSize`/`NextToken`) and DeleteSuppressedDestination;
 * and, for the custom-resource provider, GetEmailIdentity and
 * PutEmailIdentityConfigurationSetAttributes (on {@link SesStub.identities}), GetConfigurationSet
 * and PutConfigurationSetReputationOptions (on {@link SesStub.configurationSets}), and
 * PutAccountSuppressionAttributes. Paths and shapes as in the SES API v2 reference:
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_Operations.html
 */
interface SesStub {
  readonly endpoint: string;
  readonly requests: readonly StubRequest[];
  /** The account-level suppression list; tests may change it. */
  suppressed: StubSuppressedDestination[];
  /** Identities by name, with their default configuration set (absent: none). */
  readonly identities: Map<string, { ConfigurationSetName?: string }>;
  /** Configuration sets by name, with whether their reputation metrics are on. */
  readonly configurationSets: Map<string, { ReputationMetricsEnabled: boolean }>;
  /** The account's suppressed reasons, as PutAccountSuppressionAttributes last set them. */
  readonly accountSuppressedReasons: () => readonly string[] | undefined;
  /** SendEmail request bodies, in order. */
  sentEmails(): Record<string, unknown>[];
  /** An SESv2 client that talks HTTP to the stub. */
  client(): SESv2Client;
  close(): Promise<void>;
}

const DEFAULT_PAGE_SIZE = 2;

/** Options of {@link startSesStub}. */
interface SesStubOptions {
  /**
   * Called with each SendEmail body before the stub answers (the answer waits for it): what SES
   * would do after accepting the mail, e.g. publish its bounce to the stack's pipeline.
   * @default - nothing happens after a send
   */
  readonly onSendEmail?: (body: Record<string, unknown>) => Promise<void> | void;
}

async function startSesStub(suppressed: StubSuppressedDestination[] = [], options: SesStubOptions = {}): Promise<SesStub> {
  const requests: StubRequest[] = [];
  const state = { suppressed: [...suppressed], accountSuppressedReasons: undefined as readonly string[] | undefined };
  const identities = new Map<string, { ConfigurationSetName?: string }>();
  const configurationSets = new Map<string, { ReputationMetricsEnabled: boolean }>();
  let sequence = 0;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      const raw = Buffer.concat(chunks).toString('utf8');
      const record: StubRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body: raw.length > 0 ? (JSON.parse(raw) as Record<string, unknown>) : undefined,
      };
      requests.push(record);
      const isSend = record.method === 'POST' && record.path === '/v2/email/outbound-emails';
      Promise.resolve(isSend ? options.onSendEmail?.(record.body ?? {}) : undefined).then(
        () => route(record, req, res),
        (error: unknown) => send(res, 500, { message: `onSendEmail failed: ${String(error)}` }, 'InternalFailure'),
      );
    });
  });

  function route(request: StubRequest, _req: IncomingMessage, res: ServerResponse): void {
    const { method, path, query } = request;
    if (method === 'POST' && path === '/v2/email/outbound-emails') {
      send(res, 200, { MessageId: `stub-message-${++sequence}` });
    } else if (method === 'GET' && path === '/v2/email/suppression/addresses') {
      const size = Number(query.PageSize ?? DEFAULT_PAGE_SIZE);
      // Pages are small on purpose, so that every test exercises NextToken.
      const pageSize = Math.min(size, DEFAULT_PAGE_SIZE);
      const start = Number(query.NextToken ?? 0);
      const page = state.suppressed.slice(start, start + pageSize);
      const next = start + pageSize < state.suppressed.length ? String(start + pageSize) : undefined;
      send(res, 200, {
        SuppressedDestinationSummaries: page.map((d) => ({
          EmailAddress: d.EmailAddress,
          Reason: d.Reason,
          LastUpdateTime: Date.parse(d.LastUpdateTime) / 1000,
        })),
        ...(next === undefined ? {} : { NextToken: next }),
      });
    } else if (method === 'DELETE' && path.startsWith('/v2/email/suppression/addresses/')) {
      const address = decodeURIComponent(path.slice('/v2/email/suppression/addresses/'.length));
      const index = state.suppressed.findIndex((d) => d.EmailAddress === address);
      if (index < 0) {
        send(res, 404, { message: `${address} is not on the suppression list` }, 'NotFoundException');
        return;
      }
      state.suppressed.splice(index, 1);
      send(res, 200, {});
    } else if (path.startsWith('/v2/email/identities/')) {
      const [name, sub] = path.slice('/v2/email/identities/'.length).split('/').map(decodeURIComponent) as [string, string | undefined];
      const identity = identities.get(name);
      if (identity === undefined) {
        send(res, 404, { message: `Email identity ${name} does not exist.` }, 'NotFoundException');
      } else if (method === 'GET' && sub === undefined) {
        send(res, 200, { IdentityType: name.includes('@') ? 'EMAIL_ADDRESS' : 'DOMAIN', VerifiedForSendingStatus: true, ...identity });
      } else if (method === 'PUT' && sub === 'configuration-set') {
        const setName = request.body?.ConfigurationSetName as string | undefined;
        identities.set(name, setName === undefined ? {} : { ConfigurationSetName: setName });
        send(res, 200, {});
      } else {
        send(res, 404, { message: `stub does not answer ${method} ${path}` }, 'NotFoundException');
      }
    } else if (path.startsWith('/v2/email/configuration-sets/')) {
      const [name, sub] = path.slice('/v2/email/configuration-sets/'.length).split('/').map(decodeURIComponent) as [string, string | undefined];
      const set = configurationSets.get(name);
      if (set === undefined) {
        send(res, 404, { message: `Configuration set ${name} does not exist.` }, 'NotFoundException');
      } else if (method === 'GET' && sub === undefined) {
        send(res, 200, { ConfigurationSetName: name, ReputationOptions: { ReputationMetricsEnabled: set.ReputationMetricsEnabled } });
      } else if (method === 'PUT' && sub === 'reputation-options') {
        configurationSets.set(name, { ReputationMetricsEnabled: request.body?.ReputationMetricsEnabled === true });
        send(res, 200, {});
      } else {
        send(res, 404, { message: `stub does not answer ${method} ${path}` }, 'NotFoundException');
      }
    } else if (method === 'PUT' && path === '/v2/email/account/suppression') {
      state.accountSuppressedReasons = (request.body?.SuppressedReasons as string[] | undefined) ?? [];
      send(res, 200, {});
    } else {
      send(res, 404, { message: `stub does not answer ${method} ${path}` }, 'NotFoundException');
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('stub has no port');
  const endpoint = `http://127.0.0.1:${address.port}`;

  return {
    endpoint,
    requests,
    get suppressed() {
      return state.suppressed;
    },
    set suppressed(value) {
      state.suppressed = value;
    },
    identities,
    configurationSets,
    accountSuppressedReasons: () => state.accountSuppressedReasons,
    sentEmails: () => requests.filter((r) => r.method === 'POST' && r.path === '/v2/email/outbound-emails').map((r) => r.body ?? {}),
    client: () => new SESv2Client({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 }),
    close: () => closeServer(server),
  };
}

function send(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  sendJson(res, status, body, { ...(errorType === undefined ? {} : { 'x-amzn-errortype': errorType }) });
}

export type { SesStub, SesStubOptions, StubRequest, StubSuppressedDestination };
export { startSesStub };
