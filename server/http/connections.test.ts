// Slow and hoarding clients against a real hub process on loopback: a request whose headers or
// body stop arriving is answered 408 and closed, an idle keep-alive connection is closed, and one
// address cannot hold more than its share of connections. The bounds are set short here through
// the same environment variables an admin uses; a few sockets show each bound.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDb } from '../testing/harness.ts';

interface RunningHub {
  port: number;
  stop(): Promise<void>;
}

async function startHubProcess(env: Record<string, string>): Promise<RunningHub> {
  const db: TestDb = freshDatabase();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...db.env, ...env, LOG_LEVEL: 'info', ZVIT_JOBS: '0' };
  delete childEnv.ZVIT_ADMIN_EMAIL;
  delete childEnv.ZVIT_ADMIN_PASSWORD;
  if (!db.env.DATABASE_URL) delete childEnv.DATABASE_URL;
  const child: ChildProcess = spawn(process.execPath, [path.join(import.meta.dirname, '..', 'serve.ts'), '--port', '0', '--host', '127.0.0.1', '--data-dir', db.options.dataDir], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`hub exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const entry = JSON.parse(line) as { msg?: string; port?: number };
      if (entry.msg === 'hub listening') resolve(entry.port!);
    });
  });
  return {
    port,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }
      await db.drop();
    },
  };
}

/** A raw socket that records what it receives and when it is closed. */
function rawSocket(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, connected, closed, received: () => received };
}

/** Waits for the hub to close the socket; the test fails if it is still open after `ms`. */
async function closedByHub(s: ReturnType<typeof rawSocket>, ms = 15_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const open = new Promise<'open'>((resolve) => (timer = setTimeout(() => resolve('open'), ms)));
  const outcome = await Promise.race([s.closed.then(() => 'closed' as const), open]);
  clearTimeout(timer);
  s.socket.destroy();
  expect(outcome, 'the hub kept the connection open').toBe('closed');
}

describe('time bounds', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startHubProcess({ ZVIT_HEADERS_TIMEOUT_MS: '1000', ZVIT_REQUEST_TIMEOUT_MS: '1500', ZVIT_IDLE_TIMEOUT_MS: '1500' });
  });
  afterAll(async () => hub?.stop());

  it('answers 408 and closes when a body stops arriving', async () => {
    const s = rawSocket(hub.port);
    await s.connected;
    s.socket.write('POST /api/v1/auth/login HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"email":');
    await closedByHub(s);
    expect(s.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('answers 408 and closes when the headers stop arriving', async () => {
    const s = rawSocket(hub.port);
    await s.connected;
    s.socket.write('GET /health HTTP/1.1\r\nHost: hub\r\n');
    await closedByHub(s);
    expect(s.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes an idle keep-alive connection after its request', async () => {
    const s = rawSocket(hub.port);
    await s.connected;
    s.socket.write('GET /health HTTP/1.1\r\nHost: hub\r\n\r\n');
    await closedByHub(s);
    expect(s.received()).toMatch(/^HTTP\/1\.1 200 /);
  });
});

describe('connections per address', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startHubProcess({ ZVIT_CONNECTIONS_PER_ADDRESS: '3' });
  });
  afterAll(async () => hub?.stop());

  it('closes connections beyond the limit at once, and takes new ones when others end', async () => {
    const held = [rawSocket(hub.port), rawSocket(hub.port), rawSocket(hub.port)];
    // Each completes a request and stays open (keep-alive), so the hub has counted it.
    for (const s of held) {
      await s.connected;
      s.socket.write('GET /health HTTP/1.1\r\nHost: hub\r\n\r\n');
    }
    await expect.poll(() => held.every((s) => s.received().startsWith('HTTP/1.1 200 '))).toBe(true);

    const extra = rawSocket(hub.port);
    extra.socket.write('GET /health HTTP/1.1\r\nHost: hub\r\n\r\n');
    await closedByHub(extra);
    expect(extra.received()).toBe('');

    held[0]!.socket.destroy();
    await held[0]!.closed;
    await expect
      .poll(async () => {
        const s = rawSocket(hub.port);
        s.socket.write('GET /health HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n');
        await s.closed;
        return s.received().split('\r\n')[0];
      })
      .toBe('HTTP/1.1 200 OK');
    for (const s of held) s.socket.destroy();
  });
});
