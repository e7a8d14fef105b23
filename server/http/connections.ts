// Slow and hoarding clients. Node's HTTP server, as Fastify sets it up, never times out a request
// whose body stops arriving, and takes any number of connections from one address: a few
// thousand half-sent requests would hold every file descriptor and take the hub down. These
// bound how long a request may take to arrive, how long a connection may sit idle, and how many
// connections one address may hold open.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionLimits {
  /** The request line and headers must arrive within this (ms). */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this (ms); then 408 and close. */
  requestTimeoutMs: number;
  /** A keep-alive connection with no request is closed after this (ms). */
  idleTimeoutMs: number;
  /** Open connections one client address may hold; more are closed at once. */
  connectionsPerAddress: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  headersTimeoutMs: 15_000,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 60_000,
  connectionsPerAddress: 256,
};

/** The Fastify constructor options that carry the time bounds. */
export function fastifyTimeouts(limits: ConnectionLimits) {
  return {
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.idleTimeoutMs,
    // Socket inactivity: a connection on which nothing at all moves for this long is closed.
    // Longer than the other two so that they, with their 408, come first.
    connectionTimeout: limits.idleTimeoutMs + limits.requestTimeoutMs,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      // How often Node looks for requests past their time; the bounds above are kept to within it.
      connectionsCheckingInterval: Math.max(100, Math.min(5_000, Math.floor(limits.headersTimeoutMs / 3))),
    },
  };
}

/** Counts connections per remote address and closes those beyond the limit as they open. */
export function limitConnectionsPerAddress(server: Server, perAddress: number): void {
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const count = (open.get(address) ?? 0) + 1;
    if (count > perAddress) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}
