import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { BounceGuardError } from '../domain/errors';
import { describeError } from '../util/describeError';
import type { CommandResult, ConsoleCommands, FileFormat } from './consoleCommands';
import { FILE_FORMATS } from './consoleCommands';
import type { ConsoleData } from './consoleData';
import type { Notice, PageContext } from './consolePage';
import { addressPage, errorPage, overviewPage } from './consolePage';

/** The largest form the console takes: an address and a note. */
const MAX_FORM_BYTES = 16 * 1024;
/** The largest import (the file's text, form-encoded). */
const MAX_IMPORT_BYTES = 8 * 1024 * 1024;
/** A request's headers and body must arrive within these; a slow client cannot hold the server. */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 60_000;

/** What the server needs. */
interface ConsoleServerOptions {
  readonly data: ConsoleData;
  readonly commands: ConsoleCommands;
  /** The table and where it is, shown in the page header. */
  readonly target: string;
  /** @default - 32 random bytes, hex */
  readonly token?: string;
}

/** A running console. */
interface ConsoleServer {
  readonly server: Server;
  readonly token: string;
  /** Listens on 127.0.0.1 (never another interface) and resolves the URL to open, token included. */
  listen(port: number): Promise<string>;
  close(): Promise<void>;
}

/** A request refused before it is handled: the status and a plain-text reason. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'Refusal';
  }
}

/** Compares two strings in time independent of where they differ (digests make the lengths equal). */
function sameToken(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(token));
}

/**
 * The console's HTTP server. Defences, since any page the operator's browser visits can send
 * requests to 127.0.0.1: the random token is required on every request (in the query of a GET, in
 * the body or `X-Console-Token` header of a POST: a cross-site page cannot read it), state changes
 * only by POST, Host must name the loopback address (DNS rebinding) and Origin, when sent, this
 * server. Every page carries a strict Content-Security-Policy with a fresh nonce.
 */
function createConsoleServer(options: ConsoleServerOptions): ConsoleServer {
  const token = options.token ?? randomBytes(32).toString('hex');
  let port = 0;
  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      const refusal = error instanceof Refusal ? error : new Refusal(500, `unexpected ${describeError(error)}`);
      if (response.headersSent) {
        response.destroy();
        return;
      }
      // An oversize body is not read further: the connection closes once the answer is sent.
      const close = refusal.status === 413 ? { connection: 'close' } : {};
      response.writeHead(refusal.status, { ...securityHeaders(), ...close, 'content-type': 'text/plain; charset=utf-8' });
      response.end(`${refusal.message}\n`, () => {
        if (refusal.status === 413) request.destroy();
      });
    });
  });
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    const origins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
    if (!origins.includes(`http://${request.headers.host ?? ''}`)) throw new Refusal(403, 'forbidden: the Host header must name this console (127.0.0.1)');
    const site = request.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') throw new Refusal(403, 'forbidden: cross-site request');
    const origin = request.headers.origin;
    if (origin !== undefined && !origins.includes(origin)) throw new Refusal(403, 'forbidden: cross-site request');

    const page: PageContext = { token, nonce: randomBytes(16).toString('base64'), target: options.target };
    if (request.method === 'GET' || request.method === 'HEAD') {
      if (!sameToken(url.searchParams.get('token') ?? header(request, 'x-console-token'), token)) throw new Refusal(403, forbiddenText);
      return shown(page, response, () => get(url, page, response));
    }
    if (request.method !== 'POST') throw new Refusal(405, 'method not allowed');
    if (!/^application\/x-www-form-urlencoded\b/.test(request.headers['content-type'] ?? '')) throw new Refusal(415, 'forms only');
    const form = new URLSearchParams(await readBody(request, url.pathname === '/import' ? MAX_IMPORT_BYTES : MAX_FORM_BYTES));
    if (!sameToken(form.get('token') ?? header(request, 'x-console-token'), token)) throw new Refusal(403, forbiddenText);
    return shown(page, response, () => post(url.pathname, form, page, response));
  }

  /** Runs a page's work; a store that fails (unreachable, throttled, missing) is shown as a page. */
  async function shown(page: PageContext, response: ServerResponse, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (!(error instanceof BounceGuardError) || response.headersSent) throw error;
      send(response, 502, page, errorPage(page, 'The table could not be read', error.message));
    }
  }

  async function get(url: URL, page: PageContext, response: ServerResponse): Promise<void> {
    if (url.pathname === '/') return send(response, 200, page, overviewPage(page, await options.data.overview(), new Date()));
    if (url.pathname === '/address') {
      const query = url.searchParams.get('q') ?? '';
      return send(response, 200, page, addressPage(page, await options.data.lookup(query)));
    }
    if (url.pathname === '/export') {
      const format = fileFormat(url.searchParams.get('format'));
      const { result, stream } = await options.commands.export(format);
      if (stream === undefined) return send(response, 502, page, errorPage(page, 'Export failed', result.messages));
      response.writeHead(200, {
        ...securityHeaders(page.nonce),
        'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/octet-stream',
        'content-disposition': `attachment; filename="suppressions-${new Date().toISOString().slice(0, 10)}.${format}"`,
      });
      await pipeline(stream, response);
      return;
    }
    throw new Refusal(404, 'not found');
  }

  async function post(path: string, form: URLSearchParams, page: PageContext, response: ServerResponse): Promise<void> {
    const note = (form.get('note') ?? '').trim();
    const address = form.get('address') ?? '';
    if (path === '/add' || path === '/remove') {
      const lookupFirst = await options.data.lookup(address);
      if (note === '')
        return send(response, 400, page, addressPage(page, lookupFirst, { kind: 'error', text: 'A note is required: say why, for the audit trail.' }));
      const result = path === '/add' ? await options.commands.add(address, form.get('reason') ?? '', note) : await options.commands.remove(address, note);
      const notice = noticeOf(result);
      return send(response, result.ok ? 200 : 400, page, addressPage(page, await options.data.lookup(address), notice));
    }
    if (path === '/import') {
      const overview = (): ReturnType<ConsoleData['overview']> => options.data.overview();
      if (note === '')
        return send(response, 400, page, overviewPage(page, await overview(), new Date(), { kind: 'error', text: 'A note is required for an import.' }));
      const result = await options.commands.import(form.get('content') ?? '', fileFormat(form.get('format')), note, form.get('dryRun') === '1');
      return send(response, result.ok ? 200 : 400, page, overviewPage(page, await overview(), new Date(), noticeOf(result)));
    }
    throw new Refusal(404, 'not found');
  }

  return {
    server,
    token,
    listen: (wanted) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(wanted, '127.0.0.1', () => {
          port = (server.address() as { port: number }).port;
          resolve(`http://127.0.0.1:${port}/?token=${token}`);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const forbiddenText = 'forbidden: open the URL the console printed, with its token';

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function fileFormat(value: string | null): FileFormat {
  if (value === null) return 'csv';
  if (!(FILE_FORMATS as readonly string[]).includes(value)) throw new Refusal(400, `format must be one of ${FILE_FORMATS.join(', ')}`);
  return value as FileFormat;
}

/** Reads a body of at most `limit` bytes (413 beyond it, without reading the rest). */
async function readBody(request: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) throw new Refusal(413, `request body over ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new Refusal(413, `request body over ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The command's outcome as a notice: what it printed, as the CLI prints it. */
function noticeOf(result: CommandResult): Notice {
  if (!result.ok) return { kind: 'error', text: result.messages === '' ? 'The command failed; nothing was changed.' : result.messages };
  return { kind: 'ok', text: result.stdout.trim() === '' ? 'Done.' : result.stdout.trim(), details: result.messages };
}

function securityHeaders(nonce?: string): Record<string, string> {
  const scripts = nonce === undefined ? "'none'" : `'nonce-${nonce}'`;
  return {
    'content-security-policy': `default-src 'none'; script-src ${scripts}; style-src ${scripts}; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    // The URLs carry the token: never sent to another site. (`no-referrer` would make Chromium send
    // `Origin: null` with the console's own form posts, which the Origin check refuses.)
    'referrer-policy': 'same-origin',
    'cache-control': 'no-store',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  };
}

function send(response: ServerResponse, status: number, page: PageContext, body: string): void {
  response.writeHead(status, { ...securityHeaders(page.nonce), 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

export type { ConsoleServer, ConsoleServerOptions };
export { createConsoleServer, MAX_FORM_BYTES, MAX_IMPORT_BYTES };
