// A local amoCRM/Kommo account for tests, strict where the API v4 is documented to be: bearer
// tokens (a private integration's long-lived token, or OAuth access tokens that expire), refresh
// tokens that work exactly once (a second use is refused), 7 requests a second (429 beyond),
// events 100 a page, an empty page answered 204. It keeps the notes written, for counting.
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { testCertificate } from './tls.ts';

export interface AmoNote {
  id: number;
  entityType: string;
  entityId: number;
  text: string;
  responsibleUserId: number | null;
}

export class FakeAmoCrm {
  readonly users: { id: number; name: string; email: string }[] = [];
  readonly tasks: { id: number; text: string; responsible_user_id: number; is_completed: boolean; complete_till: number; entity_type?: string; entity_id?: number }[] = [];
  readonly events: { type: string; created_by: number; created_at: number }[] = [];
  readonly notes: AmoNote[] = [];
  readonly log: { path: string; status: number; at: number }[] = [];
  limited = 0;
  refreshes = 0;
  refusedRefreshes = 0;
  readonly faults = {
    loseAnswerFor: new Set<string>(),
    /** The next N requests are refused with 429 and this Retry-After (seconds). */
    tooMany: { times: 0, retryAfterSec: 1 },
  };
  readonly longLived = `ll_${randomBytes(16).toString('hex')}`;
  readonly client = { id: randomBytes(8).toString('hex'), secret: randomBytes(16).toString('hex'), redirectUri: 'https://hub.example.test/amocrm' };
  /** A one-time authorization code as the integration's settings show it. */
  authCode = randomBytes(12).toString('hex');
  private readonly access = new Map<string, number>();
  private readonly refresh = new Map<string, boolean>();
  private readonly now: () => number;
  private readonly perSecond: number;
  private window: { second: number; n: number } = { second: 0, n: 0 };
  private server: https.Server | null = null;
  private nextId = 1000;
  port = 0;

  constructor(options: { now?: () => number; perSecond?: number; accessTokenMs?: number } = {}) {
    this.now = options.now ?? Date.now;
    this.perSecond = options.perSecond ?? 7;
    this.accessTokenMs = options.accessTokenMs ?? 86_400_000;
  }

  private readonly accessTokenMs: number;

  get origin(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  addUser(email: string, name = email): number {
    const id = this.nextId++;
    this.users.push({ id, name, email });
    return id;
  }

  expireAccessTokens(): void {
    for (const k of this.access.keys()) this.access.set(k, 0);
  }

  requests(): number {
    return this.log.length;
  }

  async start(): Promise<this> {
    const { key, cert } = testCertificate();
    this.server = https.createServer({ key, cert }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req.method ?? 'GET', req.url ?? '/', req.headers.authorization ?? '', Buffer.concat(chunks).toString('utf8'), res));
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }

  private handle(method: string, url: string, auth: string, body: string, res: ServerResponse): void {
    const u = new URL(url, this.origin);
    const send = (status: number, payload?: unknown) => {
      this.log.push({ path: `${method} ${u.pathname}`, status, at: this.now() });
      const lose = [...this.faults.loseAnswerFor].find((p) => `${method} ${u.pathname}`.startsWith(p) && status < 300);
      if (lose) {
        this.faults.loseAnswerFor.delete(lose);
        res.socket?.destroy();
        return;
      }
      res.writeHead(status, payload === undefined ? {} : { 'content-type': 'application/hal+json' });
      res.end(payload === undefined ? undefined : JSON.stringify(payload));
    };
    const second = Math.floor(this.now() / 1000);
    if (this.window.second !== second) this.window = { second, n: 0 };
    if (++this.window.n > this.perSecond || this.faults.tooMany.times > 0) {
      const fault = this.window.n <= this.perSecond;
      if (fault) this.faults.tooMany.times--;
      else this.limited++;
      this.log.push({ path: `${method} ${u.pathname}`, status: 429, at: this.now() });
      res.writeHead(429, { 'retry-after': String(fault ? this.faults.tooMany.retryAfterSec : 1) });
      res.end();
      return;
    }
    let json: unknown;
    try {
      json = body ? JSON.parse(body) : null;
    } catch {
      send(400, { title: 'Bad Request', detail: 'Malformed JSON' });
      return;
    }
    if (u.pathname === '/oauth2/access_token' && method === 'POST') {
      send(...this.token(json as Record<string, string>));
      return;
    }
    const bearer = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    const exp = this.access.get(bearer);
    if (bearer !== this.longLived && (exp === undefined || exp <= this.now())) {
      send(401, { title: 'Unauthorized', status: 401, detail: exp === undefined ? 'Token is invalid' : 'Token has expired' });
      return;
    }
    const path = u.pathname;
    const q = u.searchParams;
    if (method === 'GET' && path === '/api/v4/account') return send(200, { id: 29_000_000, name: 'Fake account' });
    if (method === 'GET' && path === '/api/v4/users') {
      const limit = Number(q.get('limit') ?? 50);
      const page = Number(q.get('page') ?? 1);
      const list = this.users.slice((page - 1) * limit, page * limit);
      return list.length ? send(200, { _embedded: { users: list } }) : send(204);
    }
    if (method === 'GET' && path === '/api/v4/tasks') {
      const who = q.get('filter[responsible_user_id]');
      const done = q.get('filter[is_completed]');
      const list = this.tasks.filter((t) => (who === null || t.responsible_user_id === Number(who)) && (done === null || t.is_completed === (done === '1')));
      return list.length ? send(200, { _embedded: { tasks: list.slice(0, Number(q.get('limit') ?? 50)) } }) : send(204);
    }
    if (method === 'GET' && path === '/api/v4/events') {
      const types = q.getAll('filter[type][]');
      const by = q.getAll('filter[created_by][]').map(Number);
      const from = Number(q.get('filter[created_at][from]') ?? 0);
      const to = Number(q.get('filter[created_at][to]') ?? 1e12);
      const limit = Math.min(100, Number(q.get('limit') ?? 50));
      const page = Number(q.get('page') ?? 1);
      const list = this.events.filter((e) => (!types.length || types.includes(e.type)) && (!by.length || by.includes(e.created_by)) && e.created_at >= from && e.created_at <= to);
      const slice = list.slice((page - 1) * limit, page * limit);
      return slice.length ? send(200, { _embedded: { events: slice } }) : send(204);
    }
    const notes = /^\/api\/v4\/(leads|contacts|companies)\/(\d+)\/notes$/.exec(path);
    if (notes && method === 'GET') {
      const list = this.notes.filter((n) => n.entityType === notes[1] && n.entityId === Number(notes[2])).reverse();
      return list.length ? send(200, { _embedded: { notes: list.slice(0, 50).map((n) => ({ id: n.id, note_type: 'common', params: { text: n.text } })) } }) : send(204);
    }
    if (notes && method === 'POST') {
      const made = (json as { note_type: string; params?: { text?: string }; responsible_user_id?: number }[]).map((n) => {
        if (n.note_type !== 'common' || !n.params?.text) throw new Error('bad note');
        const note: AmoNote = { id: this.nextId++, entityType: notes[1]!, entityId: Number(notes[2]), text: n.params.text, responsibleUserId: n.responsible_user_id ?? null };
        this.notes.push(note);
        return { id: note.id, entity_id: note.entityId };
      });
      return send(200, { _embedded: { notes: made } });
    }
    const patch = /^\/api\/v4\/(leads|contacts|companies)\/notes$/.exec(path);
    if (patch && method === 'PATCH') {
      for (const n of json as { id: number; params: { text: string } }[]) {
        const note = this.notes.find((x) => x.id === n.id);
        if (!note) return send(400, { title: 'Bad Request', detail: `Note ${n.id} not found` });
        note.text = n.params.text;
      }
      return send(200, { _embedded: { notes: (json as { id: number }[]).map((n) => ({ id: n.id })) } });
    }
    send(404, { title: 'Not Found', status: 404 });
  }

  private issue() {
    const access_token = `at_${randomBytes(16).toString('hex')}`;
    const refresh_token = `rt_${randomBytes(16).toString('hex')}`;
    this.access.set(access_token, this.now() + this.accessTokenMs);
    this.refresh.set(refresh_token, false);
    return { token_type: 'Bearer', expires_in: this.accessTokenMs / 1000, access_token, refresh_token };
  }

  private token(body: Record<string, string>): [number, unknown] {
    if (body.client_id !== this.client.id || body.client_secret !== this.client.secret) return [401, { hint: 'Client authentication failed', title: 'Unauthorized' }];
    if (body.grant_type === 'authorization_code') {
      if (body.code !== this.authCode || body.redirect_uri !== this.client.redirectUri) return [400, { hint: 'Authorization code has been revoked', title: 'Bad Request' }];
      this.authCode = randomBytes(12).toString('hex'); // single use
      return [200, this.issue()];
    }
    if (body.grant_type === 'refresh_token') {
      this.refreshes++;
      const used = this.refresh.get(body.refresh_token ?? '');
      if (used !== false) {
        this.refusedRefreshes++;
        return [400, { hint: 'Token has been revoked', title: 'Bad Request' }];
      }
      this.refresh.set(body.refresh_token!, true);
      return [200, this.issue()];
    }
    return [400, { hint: 'Unsupported grant type' }];
  }
}
