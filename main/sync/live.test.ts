// The heartbeat and the event stream against a loopback server that answers the hub's two routes
// as shared/sync.ts describes them (the real hub's side is tested with it in test/). The state
// comes from the real tracking core, so what is sent is what the agent really holds.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../../shared/clock.ts';
import { defaultPolicy } from '../../shared/policy.ts';
import { AGENT_VERSION_HEADER, HeartbeatRequestSchema, type HeartbeatRequest } from '../../shared/sync.ts';
import { fakeSources } from '../../test/fake-sources.ts';
import { tempDir } from '../../test/tmp.ts';
import { Agent } from '../agent/agent.ts';
import { LocalStore } from '../store/local-store.ts';
import { EventStream } from './event-stream.ts';
import { Heartbeat } from './heartbeat.ts';
import { HubClient } from './hub-client.ts';
import { isBeyond } from './sync-loop.ts';

const dir = tempDir('zvit-live-');
let n = 0;

interface FakeHub {
  url: string;
  beats: { body: HeartbeatRequest; version: string | undefined; auth: string | undefined }[];
  streams: http.ServerResponse[];
  /** What the routes answer: 'ok', or 404 as an older hub does. */
  mode: 'ok' | 'not_found';
  latestChange: string;
  send(event: string, data: string): void;
  close(): Promise<void>;
}

const servers: FakeHub[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function fakeHub(port = 0): Promise<FakeHub> {
  const hub: FakeHub = {
    url: '',
    beats: [],
    streams: [],
    mode: 'ok',
    latestChange: '5',
    send(event, data) {
      for (const res of hub.streams) res.write(`event: ${event}\ndata: ${data}\n\n`);
    },
    close: () =>
      new Promise((resolve) => {
        for (const res of hub.streams) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    const notFound = () => res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'not_found', message: 'No such endpoint.' } }));
    if (req.url === '/api/v1/sync/heartbeat' && req.method === 'POST') {
      if (hub.mode === 'not_found') return notFound();
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        const parsed = HeartbeatRequestSchema.safeParse(JSON.parse(text));
        if (!parsed.success) return res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'invalid_request', message: parsed.error.message } }));
        hub.beats.push({ body: JSON.parse(text) as HeartbeatRequest, version: req.headers[AGENT_VERSION_HEADER] as string | undefined, auth: req.headers.authorization });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ serverTime: Date.now(), latestChange: hub.latestChange }));
      });
      return;
    }
    if (req.url === '/api/v1/sync/events' && req.method === 'GET') {
      if (hub.mode === 'not_found') return notFound();
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.write(': open\n\n');
      hub.streams.push(res);
      req.on('close', () => hub.streams.splice(hub.streams.indexOf(res), 1));
      return;
    }
    notFound();
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  hub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  servers.push(hub);
  return hub;
}

async function agentAt(clock = new FakeClock('2026-03-02T07:00:00Z', 'Europe/Kyiv')) {
  const store = LocalStore.open(path.join(dir, `a-${++n}.db`), () => clock.now());
  const fakes = fakeSources(() => clock.now());
  const agent = new Agent({ store, clock, sources: fakes.sources, policy: defaultPolicy() });
  return { agent, clock, store, ...fakes };
}

function heartbeatFor(hub: { url: string }, agent: Agent, clock: FakeClock, extra: Partial<ConstructorParameters<typeof Heartbeat>[0]> = {}) {
  const client = new HubClient({ url: hub.url, token: 'device-token', agentVersion: '1.4.2' });
  const heartbeat = new Heartbeat({ client: () => client, presence: () => agent.presence(), agentVersion: '1.4.2', now: () => clock.now(), clockOffsetMs: () => -1200, random: () => 0, ...extra });
  agent.subscribe(() => heartbeat.changed());
  return heartbeat;
}

describe('heartbeat', () => {
  it('tells the state at once when it changes, with the category in front but never a title or app, and the version twice', async () => {
    const hub = await fakeHub();
    const { agent, clock, windows } = await agentAt();
    const heartbeat = heartbeatFor(hub, agent, clock);
    heartbeat.start();
    await vi.waitFor(() => expect(hub.beats).toHaveLength(1));
    expect(hub.beats[0]).toMatchObject({ version: '1.4.2', auth: 'Bearer device-token', body: { state: 'clocked_out', current: null, agentVersion: '1.4.2', clockOffsetMs: -1200, zone: 'Europe/Kyiv' } });

    windows.show('Telegram', 'Чат з клієнтом «Ромашка»');
    await agent.clockIn();
    await vi.waitFor(() => expect(hub.beats.at(-1)?.body.state).toBe('working'));
    await heartbeat.beat();
    const working = hub.beats.at(-1)!.body;
    expect(working).toMatchObject({ state: 'working', since: clock.now(), pauseReason: null, privateMode: false });
    expect(working.current).toEqual({ category: expect.any(String), productivity: expect.stringMatching(/productive|neutral|unproductive/) });
    const wire = JSON.stringify(hub.beats.map((b) => b.body));
    expect(wire).not.toContain('Telegram');
    expect(wire).not.toContain('Ромашка');

    // Nothing the hub would see changed: no heartbeat until the interval.
    const before = hub.beats.length;
    agent.notify();
    await agent.tick();
    expect(hub.beats.length).toBe(before);

    await agent.setLabel('call');
    await vi.waitFor(() => expect(hub.beats.at(-1)?.body.label).toBe('call'));
    await agent.setPrivate(true);
    await vi.waitFor(() => expect(hub.beats.at(-1)?.body.privateMode).toBe(true));
    expect(hub.beats.at(-1)!.body.current).toBeNull();
    await agent.setPrivate(false);
    await agent.startBreak();
    await vi.waitFor(() => expect(hub.beats.at(-1)?.body.state).toBe('break'));
    await agent.resume();
    await agent.systemEvent('lock');
    await vi.waitFor(() => expect(hub.beats.at(-1)?.body).toMatchObject({ state: 'paused', pauseReason: 'lock', current: null }));
    await agent.systemEvent('unlock');
    await agent.clockOut();
    await vi.waitFor(() => expect(hub.beats.at(-1)?.body).toMatchObject({ state: 'clocked_out', label: null }));
    await heartbeat.stop();
  });

  it('sends one every interval while the agent runs', async () => {
    const hub = await fakeHub();
    const { agent, clock } = await agentAt();
    const heartbeat = heartbeatFor(hub, agent, clock, { intervalMs: 50 });
    heartbeat.start();
    await vi.waitFor(() => expect(hub.beats.length).toBeGreaterThanOrEqual(3));
    await heartbeat.stop();
    const count = hub.beats.length;
    await new Promise((r) => setTimeout(r, 150));
    expect(hub.beats.length).toBe(count);
  });

  it('offline: skips, never queues; back online it tells the state as it is then', async () => {
    const hub = await fakeHub();
    const port = Number(new URL(hub.url).port);
    const { agent, clock } = await agentAt();
    const heartbeat = heartbeatFor(hub, agent, clock);
    heartbeat.start();
    await vi.waitFor(() => expect(hub.beats).toHaveLength(1));
    await hub.close();
    servers.splice(servers.indexOf(hub), 1);
    await agent.clockIn();
    await agent.setLabel('call');
    await agent.startBreak();
    await heartbeat.beat();
    expect(heartbeat.sent).toBe(1);

    const back = await fakeHub(port);
    clock.advance(60_000); // past the backoff
    await heartbeat.beat();
    expect(back.beats).toHaveLength(1);
    expect(back.beats[0]!.body).toMatchObject({ state: 'break', label: 'call' });
    await heartbeat.stop();
  });

  it('a hub without the route (404) is left alone for a while, quietly', async () => {
    const hub = await fakeHub();
    hub.mode = 'not_found';
    const log: string[] = [];
    const { agent, clock } = await agentAt();
    const heartbeat = heartbeatFor(hub, agent, clock, { log: (m) => log.push(m), notFoundPauseMs: 30 * 60_000 });
    heartbeat.start();
    await heartbeat.beat();
    hub.mode = 'ok';
    await agent.clockIn();
    await heartbeat.beat();
    expect(hub.beats).toHaveLength(0);
    expect(log).toHaveLength(1);
    clock.advance(31 * 60_000);
    await heartbeat.beat();
    expect(hub.beats).toHaveLength(1);
    await heartbeat.stop();
  });

  it('hands the hub latestChange on', async () => {
    const hub = await fakeHub();
    hub.latestChange = '42';
    const { agent, clock } = await agentAt();
    const answers: string[] = [];
    const heartbeat = heartbeatFor(hub, agent, clock, { onAnswer: (a) => answers.push(a.latestChange) });
    heartbeat.start();
    await vi.waitFor(() => expect(answers).toEqual(['42']));
    await heartbeat.stop();
  });
});

describe('event stream', () => {
  const client = (hub: FakeHub) => new HubClient({ url: hub.url, token: 'device-token', agentVersion: '1.4.2' });

  it('hands each change on, and reconnects after the hub drops it', async () => {
    const hub = await fakeHub();
    const changes: string[] = [];
    const connected: boolean[] = [];
    const stream = new EventStream({ client: () => client(hub), onChange: (e) => changes.push(e.latestChange), onConnected: (on) => connected.push(on), backoffMinMs: 10, backoffMaxMs: 40 });
    stream.start();
    await vi.waitFor(() => expect(hub.streams).toHaveLength(1));
    hub.send('change', JSON.stringify({ latestChange: '7' }));
    hub.send('other', JSON.stringify({ latestChange: '8' }));
    hub.send('change', 'not json');
    hub.send('change', JSON.stringify({ latestChange: '9' }));
    await vi.waitFor(() => expect(changes).toEqual(['7', '9']));

    hub.streams[0]!.destroy();
    await vi.waitFor(() => expect(stream.opened).toBe(2));
    hub.send('change', JSON.stringify({ latestChange: '10' }));
    await vi.waitFor(() => expect(changes).toEqual(['7', '9', '10']));
    expect(connected.slice(0, 3)).toEqual([true, false, true]);
    await stream.stop();
    expect(stream.connected).toBe(false);
  });

  it('a connection that goes quiet is taken as dead and opened again', async () => {
    const hub = await fakeHub();
    const stream = new EventStream({ client: () => client(hub), onChange: () => {}, idleMs: 100, backoffMinMs: 10, backoffMaxMs: 40 });
    stream.start();
    await vi.waitFor(() => expect(stream.opened).toBeGreaterThanOrEqual(2));
    await stream.stop();
  });

  it('a hub without it (404) is not asked again until the pause is over; not enrolled, it waits to be poked', async () => {
    const hub = await fakeHub();
    hub.mode = 'not_found';
    let requests = 0;
    let enrolled = false;
    const log: string[] = [];
    const stream = new EventStream({
      client: () => {
        if (!enrolled) return null;
        requests++;
        return client(hub);
      },
      onChange: () => {},
      log: (m) => log.push(m),
      notFoundPauseMs: 60_000,
      backoffMinMs: 10,
    });
    stream.start();
    await new Promise((r) => setTimeout(r, 100));
    expect(requests).toBe(0);
    enrolled = true;
    stream.poke();
    await vi.waitFor(() => expect(log).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 200));
    expect(requests).toBe(1);
    expect(stream.connected).toBe(false);
    await stream.stop();
  });
});

describe('isBeyond', () => {
  it('compares the hub change marks as numbers', () => {
    expect(isBeyond('10', '9')).toBe(true);
    expect(isBeyond('9', '10')).toBe(false);
    expect(isBeyond('10', '10')).toBe(false);
    expect(isBeyond('1', null)).toBe(true);
    expect(isBeyond(undefined, '3')).toBe(false);
    expect(isBeyond('x', '3')).toBe(false);
  });
});
