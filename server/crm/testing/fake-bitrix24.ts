// A local Bitrix24 portal for tests and the benchmark, strict where the real one is documented to
// be (bitrix24/b24restdocs): method names, positional parameters of the old task.* methods
// (task.elapseditem.add takes TASKID then ARFIELDS, in that order), timeman's TIME only with REPORT
// and only on a closed day of today, pages of 50 with `start`, the leaky bucket per portal (2 req/s
// draining, 503 QUERY_LIMIT_EXCEEDED above 50), `batch` of at most 50 commands, webhook and OAuth
// auth with expiring access tokens and rotating refresh tokens. It keeps what was written so a
// test can count it, and can be told to fail the ways a real one does.
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { parsePhpQuery } from '../bitrix24/php-query.ts';
import { testCertificate } from './tls.ts';

export { parsePhpQuery };

export interface FakeUser {
  ID: string;
  EMAIL: string;
  NAME: string;
  LAST_NAME: string;
  ACTIVE: boolean;
  /** Bitrix24's "flexible schedule": REPORT is not required with TIME. */
  flexible?: boolean;
}

interface Day {
  status: 'OPENED' | 'PAUSED' | 'CLOSED' | 'EXPIRED';
  start: string | null;
  finish: string | null;
  /** Reasons given with TIME (what a supervisor would approve). */
  reports: string[];
  pauses: number;
  opens: number;
}

export interface ElapsedItem {
  ID: number;
  TASK_ID: number;
  USER_ID: number;
  SECONDS: number;
  COMMENT_TEXT: string;
  CREATED_DATE: string;
}

export interface Message {
  id: number;
  dialogId: string;
  authorId: string;
  text: string;
}

export interface Call {
  PORTAL_USER_ID: string;
  CALL_TYPE: number;
  CALL_DURATION: number;
  CALL_START_DATE: string;
  CALL_FAILED_CODE: string;
}

export interface Activity {
  ID: number;
  TYPE_ID: number;
  RESPONSIBLE_ID: string;
  COMPLETED: 'Y' | 'N';
  START_TIME: string;
}

interface Bucket {
  level: number;
  at: number;
}

export interface FakeBitrix24Options {
  /** The portal's clock (ms); default the real one. The bucket and token expiry use it. */
  now?: () => number;
  /** Leaky bucket: drained per second, and the level above which it refuses. */
  rate?: number;
  burst?: number;
  /** Access tokens live this long (the real ones: an hour). */
  accessTokenMs?: number;
}

type Params = Record<string, unknown>;

class B24Error extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, description: string) {
    super(description);
    this.status = status;
    this.code = code;
  }
}

/** ATOM without milliseconds, as the portal writes times. */
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
const int = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : NaN);
const lower = (p: Params) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k.toUpperCase(), v]));

/** "2026-03-02T09:00:00+02:00" → its local date and the instant. */
function parseAtom(text: unknown): { date: string; ms: number; offset: string } | null {
  if (typeof text !== 'string') return null;
  const m = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:?\d{2}|Z)$/.exec(text);
  if (!m) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : { date: m[1]!, ms, offset: m[3]! };
}

function localDate(ms: number, offset: string): string {
  const sign = offset === 'Z' ? 0 : offset.startsWith('-') ? -1 : 1;
  const [h, mi] = offset === 'Z' ? [0, 0] : offset.slice(1).split(':').length === 2 ? offset.slice(1).split(':').map(Number) : [Number(offset.slice(1, 3)), Number(offset.slice(3))];
  return new Date(ms + sign * (h! * 60 + mi!) * 60_000).toISOString().slice(0, 10);
}

export class FakeBitrix24 {
  readonly users = new Map<string, FakeUser>();
  readonly days = new Map<string, Day>();
  readonly tasks = new Map<number, { ID: number; TITLE: string; RESPONSIBLE_ID: string; REAL_STATUS: number; DEADLINE: string | null }>();
  readonly deals = new Map<number, { ID: number; TITLE: string; ASSIGNED_BY_ID: string; CLOSED: 'Y' | 'N'; STAGE_SEMANTIC_ID: 'P' | 'S' | 'F'; CLOSEDATE: string; CATEGORY_ID: number }>();
  readonly elapsed: ElapsedItem[] = [];
  readonly messages: Message[] = [];
  readonly smartItems: { id: number; entityTypeId: number; title: string; assignedById: string; comments: string[] }[] = [];
  readonly calls: Call[] = [];
  readonly activities: Activity[] = [];
  readonly quotes: { ID: number; ASSIGNED_BY_ID: string; DATE_CREATE: string }[] = [];
  /** Every HTTP request the portal answered (a batch is one) and every method it ran. */
  readonly log: { method: string; batch: boolean; status: number; at: number }[] = [];
  readonly methodCalls = new Map<string, number>();
  /** Refused by the leaky bucket. */
  limited = 0;

  /** Faults a test switches on. */
  readonly faults = {
    /** Every request gets a connection reset (the portal is down). */
    down: false,
    /** The next N requests are carried out, then the connection is cut before the answer. */
    loseAnswers: 0,
    /** The next request that runs one of these methods (alone or in a batch) is carried out, then its answer is lost. */
    loseAnswerFor: new Set<string>(),
    /** Every answer waits this long after the request was carried out (a slow portal). */
    answerDelayMs: 0,
    /** The next N requests are refused with HTTP 429 and this Retry-After (seconds), not carried out. */
    tooMany: { times: 0, retryAfterSec: 0, code: 'QUERY_LIMIT_EXCEEDED' },
    /** Methods that fail inside a batch (or alone) this many more times, with this error. */
    failMethod: new Map<string, { times: number; code: string; status: number }>(),
  };

  readonly webhooks = new Map<string, { userId: string; scopes: string[]; active: boolean }>();
  readonly app = { clientId: 'local.zvit.test', clientSecret: randomBytes(12).toString('hex'), applicationToken: randomBytes(12).toString('hex'), memberId: randomBytes(8).toString('hex') };
  private readonly accessTokens = new Map<string, { userId: string; expiresAt: number }>();
  private readonly refreshTokens = new Map<string, { userId: string; used: boolean }>();
  /** Refresh requests the OAuth server took (a test checks there was one at a time). */
  refreshes = 0;

  private server: https.Server | null = null;
  private readonly now: () => number;
  private readonly rate: number;
  private readonly burst: number;
  private readonly accessTokenMs: number;
  private bucket: Bucket;
  private nextId = 100;
  port = 0;

  constructor(options: FakeBitrix24Options = {}) {
    this.now = options.now ?? Date.now;
    this.rate = options.rate ?? 2;
    this.burst = options.burst ?? 50;
    this.accessTokenMs = options.accessTokenMs ?? 3600_000;
    this.bucket = { level: 0, at: this.now() };
  }

  get origin(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  /** Adds an incoming webhook acting as `userId` and returns its URL. */
  addWebhook(userId: string, scopes = ['user', 'timeman', 'task', 'im', 'crm', 'telephony']): string {
    const secret = randomBytes(8).toString('hex');
    this.webhooks.set(secret, { userId, scopes, active: true });
    return `${this.origin}/rest/${userId}/${secret}/`;
  }

  revokeWebhook(url: string): void {
    const secret = url.split('/').filter(Boolean).at(-1)!;
    this.webhooks.get(secret)!.active = false;
  }

  /** What the portal sends to the install handler: a fresh access and refresh token. */
  installPayload(): Record<string, string> {
    const access = this.issueTokens('1');
    return {
      event: 'ONAPPINSTALL',
      'auth[access_token]': access.access_token,
      'auth[refresh_token]': access.refresh_token,
      'auth[expires_in]': String(this.accessTokenMs / 1000),
      'auth[scope]': 'user,timeman,task,im,crm,telephony',
      'auth[domain]': `127.0.0.1:${this.port}`,
      'auth[member_id]': this.app.memberId,
      'auth[application_token]': this.app.applicationToken,
      'auth[client_endpoint]': `${this.origin}/rest/`,
      'auth[server_endpoint]': `${this.origin}/oauth/`,
      'auth[status]': 'L',
    };
  }

  /** Makes every access token issued so far expired. */
  expireAccessTokens(): void {
    for (const t of this.accessTokens.values()) t.expiresAt = 0;
  }

  addUser(user: Partial<FakeUser> & { EMAIL: string }): FakeUser {
    const full: FakeUser = { ID: String(this.users.size + 1), NAME: user.EMAIL.split('@')[0]!, LAST_NAME: '', ACTIVE: true, ...user };
    this.users.set(full.ID, full);
    return full;
  }

  addTask(title: string, responsibleId: string, status = 2): number {
    const id = this.nextId++;
    this.tasks.set(id, { ID: id, TITLE: title, RESPONSIBLE_ID: responsibleId, REAL_STATUS: status, DEADLINE: null });
    return id;
  }

  day(userId: string, date: string): Day | undefined {
    return this.days.get(`${userId}:${date}`);
  }

  /** Elapsed items of a task for a user, as the portal holds them. */
  elapsedOf(taskId: number, userId?: string): ElapsedItem[] {
    return this.elapsed.filter((e) => e.TASK_ID === taskId && (userId === undefined || String(e.USER_ID) === userId));
  }

  requests(): number {
    return this.log.length;
  }

  /** Other applications of the portal have just used its whole burst. */
  fillBucket(): void {
    this.bucket = { level: this.burst, at: this.now() };
  }

  async start(): Promise<this> {
    const { key, cert } = testCertificate();
    this.server = https.createServer({ key, cert }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req.url ?? '/', req.headers['content-type'] ?? '', Buffer.concat(chunks).toString('utf8'), res));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  // -------------------------------------------------------------------------------------------

  private handle(url: string, contentType: string, body: string, res: ServerResponse): void {
    if (this.faults.down) {
      res.socket?.destroy();
      return;
    }
    const ranBefore = new Map(this.methodCalls);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      if (this.faults.loseAnswers > 0) {
        this.faults.loseAnswers--;
        res.socket?.destroy();
        return;
      }
      const ran = [...this.faults.loseAnswerFor].find((m) => (this.methodCalls.get(m) ?? 0) > (ranBefore.get(m) ?? 0));
      if (ran) {
        this.faults.loseAnswerFor.delete(ran);
        res.socket?.destroy();
        return;
      }
      const write = () => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(JSON.stringify(payload));
      };
      if (this.faults.answerDelayMs > 0) setTimeout(write, this.faults.answerDelayMs);
      else write();
    };
    const path = url.split('?')[0]!;
    const query = url.includes('?') ? parsePhpQuery(url.slice(url.indexOf('?') + 1)) : {};
    let params: Params;
    try {
      params = { ...query, ...(body ? (contentType.includes('json') ? (JSON.parse(body) as Params) : parsePhpQuery(body)) : {}) };
    } catch {
      send(400, { error: 'INVALID_REQUEST', error_description: 'Malformed body' });
      return;
    }
    if (path.startsWith('/oauth/token')) {
      send(...this.oauth(params));
      return;
    }
    // /rest/<userId>/<secret>/<method> (webhook) or /rest/<method> with auth=<token>.
    const m = /^\/rest\/(?:(\d+)\/([^/]+)\/)?([a-z0-9_.]+?)(?:\.json)?$/i.exec(path);
    if (!m) {
      send(404, { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' });
      return;
    }
    const method = m[3]!.toLowerCase();
    const now = this.now();
    if (this.faults.tooMany.times > 0) {
      this.faults.tooMany.times--;
      this.log.push({ method, batch: method === 'batch', status: 429, at: now });
      send(429, { error: this.faults.tooMany.code, error_description: 'Too many requests' }, { 'retry-after': String(this.faults.tooMany.retryAfterSec) });
      return;
    }
    // The leaky bucket comes first: a refused request is not carried out.
    const level = Math.max(0, this.bucket.level - ((now - this.bucket.at) / 1000) * this.rate);
    if (level + 1 > this.burst) {
      this.limited++;
      this.bucket = { level, at: now };
      this.log.push({ method, batch: method === 'batch', status: 503, at: now });
      send(503, { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' });
      return;
    }
    this.bucket = { level: level + 1, at: now };
    let caller: { userId: string; scopes: string[] };
    try {
      caller = this.authenticate(m[1], m[2], params);
    } catch (error) {
      const e = error as B24Error;
      this.log.push({ method, batch: method === 'batch', status: e.status, at: now });
      send(e.status, { error: e.code, error_description: e.message });
      return;
    }
    delete params.auth;
    if (method === 'batch') {
      this.log.push({ method, batch: true, status: 200, at: now });
      send(200, this.batch(caller, params));
      return;
    }
    try {
      const out = this.run(caller, method, params);
      this.log.push({ method, batch: false, status: 200, at: now });
      send(200, { ...out, time: { start: now / 1000 } });
    } catch (error) {
      const e = error instanceof B24Error ? error : new B24Error(500, 'INTERNAL_SERVER_ERROR', String(error));
      this.log.push({ method, batch: false, status: e.status, at: now });
      send(e.status, { error: e.code, error_description: e.message });
    }
  }

  private authenticate(userId: string | undefined, secret: string | undefined, params: Params): { userId: string; scopes: string[] } {
    if (secret !== undefined) {
      const hook = this.webhooks.get(secret);
      if (!hook || !hook.active || hook.userId !== userId) throw new B24Error(401, 'INVALID_CREDENTIALS', 'Invalid request credentials');
      return hook;
    }
    const token = typeof params.auth === 'string' ? params.auth : undefined;
    if (!token) throw new B24Error(401, 'NO_AUTH_FOUND', 'Wrong authorization data');
    const t = this.accessTokens.get(token);
    if (!t) throw new B24Error(401, 'invalid_token', 'The access token provided is invalid.');
    if (t.expiresAt <= this.now()) throw new B24Error(401, 'expired_token', 'The access token provided has expired.');
    return { userId: t.userId, scopes: ['user', 'timeman', 'task', 'im', 'crm', 'telephony'] };
  }

  private issueTokens(userId: string) {
    const access_token = randomBytes(16).toString('hex');
    const refresh_token = randomBytes(16).toString('hex');
    this.accessTokens.set(access_token, { userId, expiresAt: this.now() + this.accessTokenMs });
    this.refreshTokens.set(refresh_token, { userId, used: false });
    return { access_token, refresh_token, expires_in: this.accessTokenMs / 1000, expires: Math.floor((this.now() + this.accessTokenMs) / 1000) };
  }

  private oauth(params: Params): [number, unknown] {
    this.refreshes++;
    if (params.grant_type !== 'refresh_token') return [400, { error: 'invalid_grant', error_description: 'grant_type' }];
    if (params.client_id !== this.app.clientId || params.client_secret !== this.app.clientSecret) return [401, { error: 'invalid_client', error_description: 'Invalid client' }];
    const old = this.refreshTokens.get(String(params.refresh_token));
    if (!old || old.used) return [400, { error: 'invalid_grant', error_description: 'Invalid refresh token' }];
    old.used = true;
    const issued = this.issueTokens(old.userId);
    return [200, { ...issued, member_id: this.app.memberId, domain: `127.0.0.1:${this.port}`, client_endpoint: `${this.origin}/rest/`, server_endpoint: `${this.origin}/oauth/`, status: 'L', scope: 'user,timeman,task,im,crm,telephony' }];
  }

  private batch(caller: { userId: string; scopes: string[] }, params: Params) {
    const cmd = (params.cmd ?? {}) as Record<string, unknown>;
    const entries = Object.entries(cmd);
    const halt = String(params.halt ?? '0') === '1' || params.halt === true;
    const out = { result: {} as Params, result_error: {} as Params, result_total: {} as Params, result_next: {} as Params, result_time: {} as Params };
    if (entries.length > 50) return { error: 'ERROR_BATCH_LENGTH_EXCEEDED', error_description: 'Max batch length exceeded' };
    for (const [key, value] of entries) {
      const text = String(value);
      const q = text.indexOf('?');
      const method = (q < 0 ? text : text.slice(0, q)).toLowerCase();
      const sub = q < 0 ? {} : parsePhpQuery(text.slice(q + 1));
      if (method === 'batch') {
        out.result_error[key] = { error: 'ERROR_BATCH_METHOD_NOT_ALLOWED', error_description: 'Batch is not allowed in batch' };
        continue;
      }
      try {
        const r = this.run(caller, method, sub);
        out.result[key] = r.result;
        if (r.total !== undefined) out.result_total[key] = r.total;
        if (r.next !== undefined) out.result_next[key] = r.next;
      } catch (error) {
        const e = error instanceof B24Error ? error : new B24Error(500, 'INTERNAL_SERVER_ERROR', String(error));
        out.result_error[key] = { error: e.code, error_description: e.message };
        if (halt) break;
      }
    }
    // The real portal sends [] rather than {} for empty maps.
    const norm = (o: Params) => (Object.keys(o).length ? o : []);
    return { result: { result: norm(out.result), result_error: norm(out.result_error), result_total: norm(out.result_total), result_next: norm(out.result_next), result_time: norm(out.result_time) }, time: { start: this.now() / 1000 } };
  }

  private count(method: string) {
    this.methodCalls.set(method, (this.methodCalls.get(method) ?? 0) + 1);
  }

  private run(caller: { userId: string; scopes: string[] }, method: string, params: Params): { result: unknown; total?: number; next?: number } {
    const fault = this.faults.failMethod.get(method);
    if (fault && fault.times > 0) {
      fault.times--;
      throw new B24Error(fault.status, fault.code, `Injected failure of ${method}`);
    }
    const need = (scope: string) => {
      if (!caller.scopes.includes(scope)) throw new B24Error(401, 'insufficient_scope', 'The request requires higher privileges than provided by the webhook token');
    };
    this.count(method);
    const p = lower(params);
    switch (method) {
      case 'scope':
        return { result: caller.scopes };
      case 'profile': {
        const u = this.users.get(caller.userId);
        return { result: { ID: caller.userId, ADMIN: true, NAME: u?.NAME ?? 'Admin', LAST_NAME: u?.LAST_NAME ?? '' } };
      }
      case 'user.get': {
        need('user');
        const filter = lower((p.FILTER ?? {}) as Params);
        let list = [...this.users.values()];
        if (filter.EMAIL !== undefined) list = list.filter((u) => u.EMAIL.toLowerCase() === String(filter.EMAIL).toLowerCase());
        if (filter.ID !== undefined) list = list.filter((u) => u.ID === String(filter.ID));
        return this.page(list, p.START ?? params.start);
      }
      case 'timeman.status':
      case 'timeman.settings':
        need('timeman');
        return { result: this.timemanStatus(this.timemanUser(caller, p)) };
      case 'timeman.open':
        need('timeman');
        return { result: this.timemanOpen(this.timemanUser(caller, p), p) };
      case 'timeman.pause':
        need('timeman');
        return { result: this.timemanPause(this.timemanUser(caller, p)) };
      case 'timeman.close':
        need('timeman');
        return { result: this.timemanClose(this.timemanUser(caller, p), p) };
      case 'task.elapseditem.add': {
        need('task');
        // Old-style method: parameters are positional, whatever their names (the docs warn that
        // the order matters). Given ARFIELDS first, the task id would be an object.
        const [taskId, fields] = Object.values(params);
        const id = int(taskId);
        if (Number.isNaN(id)) throw new B24Error(400, 'ERROR_CORE', 'Param #0 (taskId) for method ctaskelapseditem::add() expected to be of type "integer", but given something else.');
        if (!fields || typeof fields !== 'object') throw new B24Error(400, 'ERROR_CORE', 'Param #1 (arFields) for method ctaskelapseditem::add() expected to be of type "array", but given something else.');
        if (!this.tasks.has(id)) throw new B24Error(400, 'ERROR_CORE', 'TASKS_ERROR_EXCEPTION_#256; Task not found or not accessible; 256/TE/ITEM_NOT_FOUND_OR_NOT_ACCESSIBLE');
        const f = lower(fields as Params);
        const seconds = int(f.SECONDS);
        if (!(seconds > 0)) throw new B24Error(400, 'ERROR_CORE', 'SECONDS must be a positive whole number');
        const userId = f.USER_ID === undefined ? Number(caller.userId) : int(f.USER_ID);
        if (!this.users.has(String(userId))) throw new B24Error(400, 'ERROR_CORE', `User ${String(f.USER_ID)} not found`);
        const item: ElapsedItem = { ID: this.nextId++, TASK_ID: id, USER_ID: userId, SECONDS: seconds, COMMENT_TEXT: String(f.COMMENT_TEXT ?? ''), CREATED_DATE: new Date(this.now()).toISOString() };
        this.elapsed.push(item);
        return { result: item.ID };
      }
      case 'task.elapseditem.update': {
        need('task');
        const [taskId, itemId, fields] = Object.values(params);
        const item = this.elapsed.find((e) => e.ID === int(itemId) && e.TASK_ID === int(taskId));
        if (!item) throw new B24Error(400, 'ERROR_CORE', 'Elapsed item not found');
        const f = lower((fields ?? {}) as Params);
        if (f.SECONDS !== undefined) item.SECONDS = int(f.SECONDS);
        if (f.COMMENT_TEXT !== undefined) item.COMMENT_TEXT = String(f.COMMENT_TEXT);
        return { result: true };
      }
      case 'task.elapseditem.delete': {
        need('task');
        const [taskId, itemId] = Object.values(params);
        const i = this.elapsed.findIndex((e) => e.ID === int(itemId) && e.TASK_ID === int(taskId));
        if (i < 0) throw new B24Error(400, 'ERROR_CORE', 'Elapsed item not found');
        this.elapsed.splice(i, 1);
        return { result: true };
      }
      case 'task.elapseditem.getlist': {
        need('task');
        // TASKID, ORDER, FILTER, SELECT, PARAMS — in that order.
        const [taskId, , filter] = Object.values(params);
        const f = lower((filter ?? {}) as Params);
        const list = this.elapsedOf(int(taskId)).filter((e) => f.USER_ID === undefined || String(e.USER_ID) === String(f.USER_ID));
        return { result: list };
      }
      case 'tasks.task.list': {
        need('task');
        const filter = lower((p.FILTER ?? params.filter ?? {}) as Params);
        const list = [...this.tasks.values()].filter(
          (t) => (filter.RESPONSIBLE_ID === undefined || t.RESPONSIBLE_ID === String(filter.RESPONSIBLE_ID)) && (filter['<REAL_STATUS'] === undefined || t.REAL_STATUS < int(filter['<REAL_STATUS'])),
        );
        const page = this.page(list.map((t) => ({ id: String(t.ID), title: t.TITLE, deadline: t.DEADLINE })), p.START ?? params.start);
        return { ...page, result: { tasks: page.result } };
      }
      case 'crm.deal.list': {
        need('crm');
        const filter = lower((p.FILTER ?? {}) as Params);
        const list = [...this.deals.values()].filter(
          (d) =>
            (filter.ASSIGNED_BY_ID === undefined || d.ASSIGNED_BY_ID === String(filter.ASSIGNED_BY_ID)) &&
            (filter.CLOSED === undefined || d.CLOSED === filter.CLOSED) &&
            (filter.STAGE_SEMANTIC_ID === undefined || d.STAGE_SEMANTIC_ID === filter.STAGE_SEMANTIC_ID) &&
            (filter.CATEGORY_ID === undefined || d.CATEGORY_ID === int(filter.CATEGORY_ID)) &&
            this.inRange(d.CLOSEDATE, filter['>=CLOSEDATE'], filter['<CLOSEDATE']),
        );
        return this.page(list, p.START ?? params.start);
      }
      case 'crm.quote.list': {
        need('crm');
        const filter = lower((p.FILTER ?? {}) as Params);
        return this.page(this.quotes.filter((q) => q.ASSIGNED_BY_ID === String(filter.ASSIGNED_BY_ID) && this.inRange(q.DATE_CREATE, filter['>=DATE_CREATE'], filter['<DATE_CREATE'])), p.START ?? params.start);
      }
      case 'crm.activity.list': {
        need('crm');
        const filter = lower((p.FILTER ?? {}) as Params);
        const list = this.activities.filter(
          (a) =>
            (filter.TYPE_ID === undefined || a.TYPE_ID === int(filter.TYPE_ID)) &&
            (filter.RESPONSIBLE_ID === undefined || a.RESPONSIBLE_ID === String(filter.RESPONSIBLE_ID)) &&
            (filter.COMPLETED === undefined || a.COMPLETED === filter.COMPLETED) &&
            this.inRange(a.START_TIME, filter['>=START_TIME'], filter['<START_TIME']),
        );
        return this.page(list, p.START ?? params.start);
      }
      case 'voximplant.statistic.get': {
        need('telephony');
        const filter = lower((p.FILTER ?? {}) as Params);
        const list = this.calls
          .map((c, i) => ({ ID: String(i + 1), ...c }))
          .filter(
            (c) =>
              (filter.PORTAL_USER_ID === undefined || c.PORTAL_USER_ID === String(filter.PORTAL_USER_ID)) &&
              (filter['>ID'] === undefined || Number(c.ID) > int(filter['>ID'])) &&
              this.inRange(c.CALL_START_DATE, filter['>=CALL_START_DATE'], filter['<CALL_START_DATE']),
          );
        return this.page(list, p.START ?? params.start);
      }
      case 'im.message.add': {
        need('im');
        const dialog = String(p.DIALOG_ID ?? '');
        const text = String(p.MESSAGE ?? '');
        if (!text.trim()) throw new B24Error(400, 'MESSAGE_EMPTY', 'Message text can\'t be empty');
        if (text.length > 20_000) throw new B24Error(400, 'MESSAGE_TOO_LONG', 'Message is too long');
        if (!/^chat\d+$/.test(dialog) && !this.users.has(dialog)) throw new B24Error(400, 'USER_ID_EMPTY', 'Recipient not found');
        const msg = { id: this.nextId++, dialogId: dialog, authorId: caller.userId, text };
        this.messages.push(msg);
        return { result: msg.id };
      }
      case 'im.message.update': {
        need('im');
        const msg = this.messages.find((x) => x.id === int(p.MESSAGE_ID));
        if (!msg) throw new B24Error(400, 'MESSAGE_ID_ERROR', 'Message not found');
        msg.text = String(p.MESSAGE ?? '');
        return { result: true };
      }
      case 'im.dialog.messages.get': {
        need('im');
        const dialog = String(p.DIALOG_ID ?? '');
        const limit = Math.min(50, int(p.LIMIT ?? 20) || 20);
        const list = this.messages.filter((x) => x.dialogId === dialog).slice(-limit).reverse();
        return { result: { messages: list.map((x) => ({ id: x.id, author_id: Number(x.authorId), text: x.text })) } };
      }
      case 'crm.item.add': {
        need('crm');
        const fields = lower((p.FIELDS ?? params.fields ?? {}) as Params);
        const entityTypeId = int(p.ENTITYTYPEID ?? params.entityTypeId);
        if (!(entityTypeId >= 128)) throw new B24Error(400, 'NOT_FOUND', 'Smart process not found');
        const item = { id: this.nextId++, entityTypeId, title: String(fields.TITLE ?? ''), assignedById: String(fields.ASSIGNEDBYID ?? ''), comments: [] as string[] };
        this.smartItems.push(item);
        return { result: { item: { id: item.id, title: item.title } } };
      }
      case 'crm.item.list': {
        need('crm');
        const entityTypeId = int(p.ENTITYTYPEID ?? params.entityTypeId);
        const filter = lower((p.FILTER ?? params.filter ?? {}) as Params);
        const list = this.smartItems.filter((i) => i.entityTypeId === entityTypeId && (filter['=TITLE'] === undefined || i.title === filter['=TITLE']));
        const page = this.page(list, p.START ?? params.start);
        return { ...page, result: { items: page.result } };
      }
      case 'crm.timeline.comment.add': {
        need('crm');
        const fields = lower((p.FIELDS ?? {}) as Params);
        const item = this.smartItems.find((i) => i.id === int(fields.ENTITY_ID));
        if (!item) throw new B24Error(400, 'NOT_FOUND', 'Entity not found');
        item.comments.push(String(fields.COMMENT ?? ''));
        return { result: this.nextId++ };
      }
      default:
        throw new B24Error(404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!');
    }
  }

  private inRange(value: string, from: unknown, to: unknown): boolean {
    const v = Date.parse(value);
    return (from === undefined || v >= Date.parse(String(from))) && (to === undefined || v < Date.parse(String(to)));
  }

  /** Lists answer pages of 50, `start` being the offset; `next` is there while more remain. */
  private page<T>(list: T[], start: unknown) {
    const from = start === undefined ? 0 : int(start);
    // start=-1: the first page without counting (key-set paging with a >ID filter).
    if (from === -1) return { result: list.slice(0, 50) };
    if (Number.isNaN(from) || from < 0) throw new B24Error(400, 'INVALID_ARG_VALUE', 'start must be a non-negative integer');
    const result = list.slice(from, from + 50);
    return { result, total: list.length, ...(from + 50 < list.length ? { next: from + 50 } : {}) };
  }

  // --- timeman --------------------------------------------------------------------------------

  private timemanUser(caller: { userId: string }, p: Params): string {
    const id = p.USER_ID === undefined ? caller.userId : String(int(p.USER_ID));
    if (!this.users.has(id)) throw new B24Error(400, 'ERROR_USER_NOT_FOUND', `User not found: ${String(p.USER_ID)}`);
    return id;
  }

  /** The portal keeps a day per user; "today" is the date of the portal's clock in UTC+offset of the day. */
  private current(userId: string): { key: string; day: Day } | null {
    const keys = [...this.days.keys()].filter((k) => k.startsWith(`${userId}:`)).sort();
    const key = keys.at(-1);
    return key ? { key, day: this.days.get(key)! } : null;
  }

  private timemanStatus(userId: string) {
    const c = this.current(userId);
    const day = c?.day;
    return { STATUS: day?.status ?? 'CLOSED', TIME_START: day?.start ?? null, TIME_FINISH: day?.finish ?? null, DURATION: '00:00:00', TIME_LEAKS: '00:00:00', ACTIVE: !(day?.reports.length ?? 0), UF_TM_FREE: this.users.get(userId)?.flexible ?? false };
  }

  private timemanOpen(userId: string, p: Params) {
    const user = this.users.get(userId)!;
    const c = this.current(userId);
    const status = c?.day.status ?? 'CLOSED';
    if (p.TIME !== undefined) {
      const t = parseAtom(p.TIME);
      if (!t) throw new B24Error(400, 'WRONG_DATETIME_FORMAT', 'TIME must be in ATOM format');
      if (status !== 'CLOSED') throw new B24Error(400, 'WRONG_STATUS', 'TIME can only be set when the workday is closed');
      if (t.date !== localDate(this.now(), t.offset)) throw new B24Error(400, 'WRONG_DATE', 'The date must match the current date');
      if (!user.flexible && !String(p.REPORT ?? '').trim()) throw new B24Error(400, 'REPORT_NEEDED', 'REPORT is required when TIME is set');
      const day: Day = { status: 'OPENED', start: String(p.TIME), finish: null, reports: [String(p.REPORT ?? '')], pauses: 0, opens: 1 };
      this.days.set(`${userId}:${t.date}`, day);
      return this.timemanStatus(userId);
    }
    if (status === 'OPENED') throw new B24Error(400, 'WORKDAY_ALREADY_OPENED', 'The workday is already open');
    if (status === 'PAUSED' && c) {
      c.day.status = 'OPENED';
      c.day.opens++;
      return this.timemanStatus(userId);
    }
    const date = new Date(this.now()).toISOString().slice(0, 10);
    const existing = this.days.get(`${userId}:${date}`);
    if (existing) {
      existing.status = 'OPENED';
      existing.finish = null;
      existing.opens++;
    } else {
      this.days.set(`${userId}:${date}`, { status: 'OPENED', start: iso(this.now()), finish: null, reports: [], pauses: 0, opens: 1 });
    }
    return this.timemanStatus(userId);
  }

  private timemanPause(userId: string) {
    const c = this.current(userId);
    if (!c || c.day.status !== 'OPENED') throw new B24Error(400, 'WRONG_STATUS', 'The workday is not open');
    c.day.status = 'PAUSED';
    c.day.pauses++;
    return this.timemanStatus(userId);
  }

  private timemanClose(userId: string, p: Params) {
    const user = this.users.get(userId)!;
    const c = this.current(userId);
    if (!c || (c.day.status !== 'OPENED' && c.day.status !== 'PAUSED' && c.day.status !== 'EXPIRED')) throw new B24Error(400, 'WRONG_STATUS', 'The workday is not open');
    if (p.TIME !== undefined) {
      const t = parseAtom(p.TIME);
      if (!t) throw new B24Error(400, 'WRONG_DATETIME_FORMAT', 'TIME must be in ATOM format');
      const opened = parseAtom(c.day.start);
      if (opened && localDate(t.ms, t.offset) !== localDate(opened.ms, t.offset)) throw new B24Error(400, 'WRONG_DATE', 'TIME must be on the date the workday was opened');
      if (!user.flexible && !String(p.REPORT ?? '').trim()) throw new B24Error(400, 'REPORT_NEEDED', 'REPORT is required when TIME is set');
      c.day.finish = String(p.TIME);
      c.day.reports.push(String(p.REPORT ?? ''));
    } else {
      if (c.day.status === 'EXPIRED') throw new B24Error(400, 'TIME_NEEDED', 'An expired workday is closed with TIME and REPORT');
      c.day.finish = iso(this.now());
    }
    c.day.status = 'CLOSED';
    return this.timemanStatus(userId);
  }
}
