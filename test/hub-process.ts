// A real hub process on loopback for agent tests: `zvit hub` on a fresh SQLite file (or a fresh
// PostgreSQL schema), with a manager, an enrollment code and an admin session to read back what
// the hub holds.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import type { SyncRecord } from '../shared/sync.ts';
import { RECORD_KINDS } from '../shared/sync.ts';
import { exited } from './cli.ts';

export const ADMIN = { email: 'admin@example.com', password: 'test password for the admin 42' };

export interface HubProcess {
  readonly port: number;
  readonly url: string;
  readonly env: NodeJS.ProcessEnv;
  /** What the hub has printed so far (its JSON log lines). */
  output(): string;
  /** Adds a manager and returns their id. */
  addManager(email: string): Promise<string>;
  code(email: string, options?: { uses?: number; expiresInHours?: number }): Promise<string>;
  revoke(deviceId: string): Promise<void>;
  /** Every record the hub holds for the user, all kinds. */
  records(userId: string): Promise<SyncRecord[]>;
  /** A dashboard request as the admin (session cookie and CSRF header). */
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
  /** Kills the process at once (SIGKILL): no shutdown, leases left held. */
  kill(): Promise<void>;
  /** Stops and starts the same hub again (same data, same port). */
  restart(): Promise<void>;
}

export async function startHubProcess(
  dataDir: string,
  options: { port?: number; database?: 'sqlite' | 'postgres'; env?: Record<string, string>; pgSchema?: string } = {},
): Promise<HubProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, ZVIT_ADMIN_EMAIL: ADMIN.email, ZVIT_ADMIN_PASSWORD: ADMIN.password, ...options.env };
  if (options.database === 'postgres') {
    env.DATABASE_URL = process.env.ZVIT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    env.ZVIT_PG_SCHEMA = options.pgSchema ?? `zvit_agent_test_${crypto.randomBytes(4).toString('hex')}`;
  } else {
    delete env.DATABASE_URL;
  }
  const args = ['--data-dir', dataDir];
  let child: ChildProcess;
  let port = options.port ?? 0;
  let log = '';
  const launch = async () => {
    child = spawn(process.execPath, [path.join(import.meta.dirname, '..', 'bin', 'zvit.js'), 'hub', ...args, '--host', '127.0.0.1', '--port', String(port)], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let launched = '';
    port = await new Promise<number>((resolve, reject) => {
      const onData = (d: Buffer) => {
        log += d.toString();
        launched += d.toString();
        const m = /"msg":"hub listening"/.test(launched) && /"port":(\d+)/.exec(launched);
        if (m) resolve(Number(m[1]));
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => reject(new Error(`hub exited with ${code}: ${launched}`)));
      setTimeout(() => reject(new Error(`hub did not start: ${launched}`)), 20_000).unref();
    });
  };
  await launch();

  let cookie = '';
  let csrf = '';
  const login = async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    if (!res.ok) throw new Error(`admin login failed: ${res.status} ${await res.text()}`);
    cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
  };

  const hub: HubProcess = {
    get port() {
      return port;
    },
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    env,
    output: () => log,
    // Through the admin API, not `zvit hub user add` / `zvit hub code`: each CLI call is a cold
    // process (seconds of CPU on a busy machine), and the CLI has its own tests (server/cli.test.ts).
    addManager: async (email) => {
      const { teams } = await hub.admin<{ teams: { id: string; name: string }[] }>('GET', '/api/v1/teams');
      const teamId = teams.find((t) => t.name === 'Sales')?.id ?? (await hub.admin<{ team: { id: string } }>('POST', '/api/v1/teams', { name: 'Sales' })).team.id;
      const { user } = await hub.admin<{ user: { id: string } }>('POST', '/api/v1/users', { email, role: 'manager', teamId });
      return user.id;
    },
    code: async (email, o = {}) => {
      const { users } = await hub.admin<{ users: { id: string; email: string }[] }>('GET', '/api/v1/users');
      const user = users.find((u) => u.email === email);
      if (!user) throw new Error(`no user ${email} on the hub`);
      const created = await hub.admin<{ code: string }>('POST', `/api/v1/users/${user.id}/enrollment-codes`, { ...(o.uses ? { uses: o.uses } : {}), ...(o.expiresInHours ? { expiresInHours: o.expiresInHours } : {}) });
      return created.code;
    },
    admin: async (method, path, body) => {
      if (!cookie) await login();
      const res = await fetch(`http://127.0.0.1:${port}${path}`, {
        method,
        headers: { cookie, 'x-csrf-token': csrf, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as never;
    },
    revoke: async (deviceId) => {
      await hub.admin('POST', `/api/v1/devices/${deviceId}/revoke`);
    },
    records: async (userId) => {
      if (!cookie) await login();
      const all: SyncRecord[] = [];
      for (const kind of RECORD_KINDS) {
        let from = 0;
        for (;;) {
          const res = await fetch(`http://127.0.0.1:${port}/api/v1/users/${userId}/records?kind=${kind}&from=${from}&limit=5000`, { headers: { cookie } });
          if (!res.ok) throw new Error(`reading ${kind}: ${res.status} ${await res.text()}`);
          const page = ((await res.json()) as { records: SyncRecord[] }).records;
          const fresh = page.filter((r) => !all.some((a) => a.id === r.id));
          all.push(...fresh);
          if (page.length < 5000 || fresh.length === 0) break;
          const last = page.at(-1)! as { start?: number; at?: number; submittedAt?: number };
          from = last.start ?? last.at ?? last.submittedAt ?? from;
        }
      }
      return all;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited(child);
      }
    },
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited(child);
      }
    },
    restart: async () => {
      await hub.stop();
      await launch();
      cookie = '';
    },
  };
  return hub;
}
