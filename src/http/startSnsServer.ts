import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { logger } from '../receiver/logger';
import { SHUTDOWN_TIMEOUT_MS } from './constants';

/** Options of {@link startSnsServer}. */
interface SnsServerOptions {
  /** The SNS listener (from `createSnsRequestListener`). */
  readonly listener: (req: IncomingMessage, res: ServerResponse) => void;
  /** Port to listen on; 0 picks a free one. */
  readonly port: number;
  /** Address to listen on. */
  readonly host: string;
  /**
   * The path SNS posts to; other paths answer 404.
   * @default '/'
   */
  readonly path?: string;
  /**
   * How long `close()` lets in-flight requests finish before it cuts their connections.
   * @default SHUTDOWN_TIMEOUT_MS (20 s: under the 30 s ECS and Kubernetes give before SIGKILL)
   */
  readonly shutdownTimeoutMs?: number;
}

/** A running endpoint. */
interface SnsServer {
  /** `http://host:port` as bound. */
  readonly url: string;
  readonly port: number;
  /**
   * Stops accepting connections, lets in-flight requests finish within the bound, then cuts what
   * is left (SNS retries a request whose answer it never got; every write is idempotent).
   */
  close(): Promise<void>;
}

/**
 * The listener as a process's HTTP server: the SNS path, `GET /healthz` (the process is up and
 * serving; it does not call DynamoDB, so that a table hiccup does not make an orchestrator kill
 * every replica at once) and 404 elsewhere.
 */
async function startSnsServer(options: SnsServerOptions): Promise<SnsServer> {
  const path = options.path ?? '/';
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? SHUTDOWN_TIMEOUT_MS;
  let closing = false;
  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (closing) res.setHeader('connection', 'close');
    if (pathname === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(closing ? 503 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: closing ? 'stopping' : 'ok' }));
      return;
    }
    if (pathname !== path) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ outcome: 'refused', reason: 'not the SNS path' }));
      return;
    }
    options.listener(req, res);
  });
  // Bounds on slow clients: a request's headers and body must arrive within these.
  server.headersTimeout = 15_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port, address } = server.address() as AddressInfo;
  const url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  logger.info('listening for SNS', { url, path });
  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        logger.info('stopping: no new connections; in-flight requests finish', { shutdownTimeoutMs });
        const timer = setTimeout(() => {
          logger.warn('in-flight requests did not finish in time: connections cut (SNS retries them)', { shutdownTimeoutMs });
          server.closeAllConnections();
        }, shutdownTimeoutMs);
        server.close(() => {
          clearTimeout(timer);
          logger.info('stopped');
          resolve();
        });
        // Keep-alive connections with no request in flight would hold close() open.
        server.closeIdleConnections();
      }),
  };
}

export type { SnsServer, SnsServerOptions };
export { startSnsServer };
