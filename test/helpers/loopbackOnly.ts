import net from 'node:net';
import { vi } from 'vitest';

const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|::1|\[::1\]|::ffff:127(?:\.\d{1,3}){3})$/i;

/**
 * Makes every socket connection to a host outside the loopback range throw, and records it. Sockets
 * are where every request of this process ends (http, https, the AWS SDK), so an empty list at the
 * end of a test shows that nothing left the machine. Restore with `vi.restoreAllMocks()`.
 *
 * @returns the hosts that were attempted and refused
 */
function loopbackOnly(): string[] {
  const refused: string[] = [];
  const connect = net.Socket.prototype.connect;
  vi.spyOn(net.Socket.prototype, 'connect').mockImplementation(function (this: net.Socket, ...args: unknown[]) {
    const host = hostOf(args);
    if (host !== undefined && !LOOPBACK.test(host)) {
      refused.push(host);
      throw new Error(`test network guard: ${host} is not a loopback address`);
    }
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof connect);
  return refused;
}

/** The host a `connect` call names; `undefined` for an IPC path. */
function hostOf(args: unknown[]): string | undefined {
  // Node passes its normalised [options, callback] pair through as the first argument.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (typeof first === 'number') return typeof args[1] === 'string' ? args[1] : 'localhost';
  if (typeof first === 'string') return undefined;
  const options = first as { host?: string; path?: string } | undefined;
  if (options?.path !== undefined) return undefined;
  return options?.host ?? 'localhost';
}

export { loopbackOnly };
