// The hub as a real process on loopback: start, first-run set-up link, enrollment and a gzip
// push over real HTTP, then SIGTERM while a large push is in flight: the push completes, the
// process exits 0 and everything it acknowledged is in the database.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { uuidv7 } from '../shared/uuid.ts';
import { openDatabase } from './db/connect.ts';
import { freshDatabase, type TestDb } from './testing/harness.ts';
import { minuteOfSpans } from './testing/records.ts';
import { anchoredInstant } from '../test/anchored-time.ts';

let db: TestDb;
let child: ChildProcess;
let base: string;
const logs: Record<string, unknown>[] = [];
const waiters: { match: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }[] = [];

// A cold hub process takes several seconds to load on a busy 2-core machine; these guards only
// turn a hang into a failure, they time nothing.
function waitForLog(match: (l: Record<string, unknown>) => boolean, timeoutMs = 25_000): Promise<Record<string, unknown>> {
  const seen = logs.find(match);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('log line did not come')), timeoutMs);
    waiters.push({ match, resolve: (l) => (clearTimeout(timer), resolve(l)) });
  });
}

beforeAll(async () => {
  db = freshDatabase();
  const env: NodeJS.ProcessEnv = { ...process.env, ...db.env, LOG_LEVEL: 'info' };
  delete env.ZVIT_ADMIN_EMAIL;
  delete env.ZVIT_ADMIN_PASSWORD;
  if (!db.env.DATABASE_URL) delete env.DATABASE_URL;
  child = spawn(process.execPath, [path.join(import.meta.dirname, 'serve.ts'), '--port', '0', '--host', '127.0.0.1', '--data-dir', db.options.dataDir], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const entry = JSON.parse(line) as Record<string, unknown>;
    logs.push(entry);
    for (const w of waiters.splice(0)) {
      if (w.match(entry)) w.resolve(entry);
      else waiters.push(w);
    }
  });
  const listening = await waitForLog((l) => l.msg === 'hub listening');
  base = `http://127.0.0.1:${listening.port}`;
});

afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
  await db.drop();
});

it('serves, sets up the first admin, enrolls, takes gzip pushes and shuts down gracefully', async () => {
  expect(((await (await fetch(`${base}/health`)).json()) as { status: string }).status).toBe('ok');
  expect((await fetch(`${base}/docs/json`)).status).toBe(200);

  // The one-time link is in the log; redeem it over HTTP.
  const setup = await waitForLog((l) => typeof l.setupUrl === 'string');
  const token = String(setup.setupUrl).split('#')[1];
  const created = await fetch(`${base}/api/v1/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, email: 'owner@example.com', password: 'a long password' }) });
  expect(created.status).toBe(200);
  const cookie = created.headers.getSetCookie()[0]!.split(';')[0]!;
  const csrf = ((await created.json()) as { csrfToken: string }).csrfToken;
  const call = async (url: string, body: unknown) => {
    const res = await fetch(`${base}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf }, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    return res.json() as Promise<Record<string, unknown>>;
  };
  const { team } = (await call('/api/v1/teams', { name: 'Sales' })) as { team: { id: string } };
  const user = (await call('/api/v1/users', { email: 'm@example.com', role: 'manager', teamId: team.id })).user as { id: string };
  const { code } = (await call(`/api/v1/users/${user.id}/enrollment-codes`, { uses: 1 })) as { code: string };

  const deviceId = uuidv7();
  const enrolled = await fetch(`${base}/api/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, deviceId }) });
  const device = (await enrolled.json()) as { token: string };
  // A push the busy hub turns away (429, Retry-After) is sent again after the wait, as agents do.
  const push = async (records: unknown[]): Promise<Response> => {
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${base}/api/v1/sync/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', authorization: `Bearer ${device.token}` },
        body: gzipSync(JSON.stringify({ records })),
      });
      if (res.status !== 429 || attempt >= 30) return res;
      await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') || 1) * 1000));
    }
  };
  // 09:00 two days ago in Kyiv: the same working day whatever the hour the suite runs.
  const minute = anchoredInstant('09:00', 'Europe/Kyiv');
  expect((await push(minuteOfSpans(deviceId, minute, 60))).status).toBe(200);

  // A big batch (3,000 spans, ~800 kB of JSON), and SIGTERM as soon as the hub has started on it.
  const big = Array.from({ length: 30 }, (_, i) => minuteOfSpans(deviceId, minute + (i + 1) * 60_000, 100)).flat();
  const isPush = (l: Record<string, unknown>) => l.msg === 'incoming request' && (l.req as { url?: string }).url === '/api/v1/sync/push';
  const pushesBefore = logs.filter(isPush).length;
  const inFlight = push(big);
  await waitForLog((l) => isPush(l) && logs.filter(isPush).length > pushesBefore);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  const res = await inFlight;
  expect(res.status).toBe(200);
  const results = ((await res.json()) as { results: { status: string }[] }).results;
  expect(results.filter((r) => r.status === 'stored')).toHaveLength(3000);
  expect(await exited).toBe(0);
  // The answer that was in flight closes its keep-alive socket, so shutdown waits for the push,
  // not for that socket's idle timeout (72 s, longer than this test may take).
  expect(res.headers.get('connection')).toBe('close');
  expect(logs.some((l) => l.msg === 'hub stopped; database closed')).toBe(true);

  const database = await openDatabase(db.options);
  try {
    const n = await database.db.selectFrom('activity_spans').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(3060);
  } finally {
    await database.close();
  }
}, 60_000);
