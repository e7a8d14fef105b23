// A TCP proxy on loopback between the agent and a real hub that misbehaves on command: cuts a
// request after N bytes, answers 500/503/429 itself, or forwards a request and then loses the
// hub's answer. Used by the sync fault tests; every connection it opens it also closes.
import net from 'node:net';

export type FaultMode =
  | { kind: 'pass' }
  | { kind: 'down' }
  | { kind: 'cut'; afterBytes: number }
  | { kind: 'status'; status: number; retryAfter?: number }
  | { kind: 'lose-response' }
  | { kind: 'slow-response'; ms: number };

export class FaultProxy {
  readonly port: number;
  /** Connections that reached the proxy, by mode at the time. */
  readonly seen: { mode: FaultMode['kind']; at: number }[] = [];
  private mode: FaultMode = { kind: 'pass' };
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();

  private constructor(server: net.Server, port: number) {
    this.server = server;
    this.port = port;
  }

  static async start(target: () => number): Promise<FaultProxy> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new FaultProxy(server, (server.address() as net.AddressInfo).port);
    server.on('connection', (client) => proxy.handle(client, target()));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Applies to the next requests: open keep-alive connections are closed so none slips past. */
  set(mode: FaultMode): void {
    this.mode = mode;
    for (const s of this.sockets) s.destroy();
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private track(socket: net.Socket): net.Socket {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    return socket;
  }

  private handle(client: net.Socket, hubPort: number): void {
    this.track(client);
    const mode = this.mode;
    this.seen.push({ mode: mode.kind, at: Date.now() });
    switch (mode.kind) {
      case 'down':
        client.destroy();
        return;
      case 'status': {
        client.once('data', () => {
          const body = JSON.stringify({ error: { code: mode.status === 429 ? 'rate_limited' : 'internal', message: `injected ${mode.status}` } });
          client.end(
            `HTTP/1.1 ${mode.status} Injected\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
              (mode.retryAfter !== undefined ? `retry-after: ${mode.retryAfter}\r\n` : '') +
              `connection: close\r\n\r\n${body}`,
          );
        });
        return;
      }
      default: {
        const hub = this.track(net.connect(hubPort, '127.0.0.1'));
        let forwarded = 0;
        client.on('data', (chunk: Buffer) => {
          if (mode.kind === 'cut') {
            const room = mode.afterBytes - forwarded;
            if (room > 0) hub.write(chunk.subarray(0, room));
            forwarded += chunk.length;
            if (forwarded >= mode.afterBytes) {
              client.destroy();
              hub.destroy();
            }
            return;
          }
          hub.write(chunk);
        });
        hub.on('data', (chunk: Buffer) => {
          if (mode.kind === 'lose-response') {
            // The hub has answered, so it has stored the batch; the agent never hears it.
            client.destroy();
            hub.destroy();
            return;
          }
          if (mode.kind === 'slow-response') setTimeout(() => client.write(chunk), mode.ms);
          else client.write(chunk);
        });
        client.on('close', () => hub.destroy());
        hub.on('close', () => client.destroy());
      }
    }
  }
}
