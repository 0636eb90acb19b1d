import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loopbackOnly } from './loopbackOnly';

describe('Function: loopbackOnly', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('refuses a connection outside loopback before any packet is sent, and records it', () => {
    // Prepare
    const refused = loopbackOnly();

    // Act: 192.0.2.1 is TEST-NET-1, reserved for documentation; the guard throws before connecting
    const connect = () => net.connect({ host: '192.0.2.1', port: 9 });

    // Assess
    expect(connect).toThrow(/not a loopback address/);
    expect(refused).toEqual(['192.0.2.1']);
  });

  it('lets loopback connections through', async () => {
    // Prepare
    const refused = loopbackOnly();
    const server = net.createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;

    // Act
    const socket = net.connect({ host: '127.0.0.1', port });
    await new Promise((resolve, reject) => socket.on('connect', resolve).on('error', reject));

    // Assess
    expect(refused).toEqual([]);
    socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
});
