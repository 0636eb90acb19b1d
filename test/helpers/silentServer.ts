import type { Socket } from 'node:net';
import { createServer } from 'node:net';

/** A TCP server on loopback that accepts every connection and never answers: a hung endpoint. */
interface SilentServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** Connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    connections: () => accepted,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export type { SilentServer };
export { startSilentServer };
