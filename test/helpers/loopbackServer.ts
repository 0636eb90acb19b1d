import type { Server, ServerResponse } from 'node:http';

/** Answers with a JSON body, as the AWS JSON and REST-JSON protocols do. */
function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)), ...headers });
  res.end(payload);
}

/** Closes a stub server, keep-alive connections included, so that a test run can end. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

export { closeServer, sendJson };
