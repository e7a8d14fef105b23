// The hub's Bitrix24 REST client: one request per call or per `batch` of up to 50 calls, paced by
// the account's shared bucket, with the portal's errors sorted into what a job does next. It is
// our own rather than the official SDK's HTTP layer because the queue owns what that layer does
// on its own per process: pacing shared by every hub instance, retries (an SDK retry of a write
// after a timeout could write twice), and a token refresh serialised across instances.
import type http from 'node:http';
import type { JobErrorCode } from '../../../shared/integrations.ts';
import { JobError, type Pacer } from '../../jobs/runner.ts';
import { request, type Egress, type EgressError } from '../../egress/request.ts';
import { EgressRefused } from '../../egress/guard.ts';

export type Params = Record<string, unknown>;

export interface B24Result {
  result: unknown;
  total?: number;
  next?: number;
}

/** Errors the portal may answer that go away by themselves. */
const TRANSIENT = new Set(['QUERY_LIMIT_EXCEEDED', 'OPERATION_TIME_LIMIT', 'INTERNAL_SERVER_ERROR', 'ERROR_UNEXPECTED_ANSWER', 'expired_token']);
/** Errors that mean the portal asks to slow down (it did not carry the call out). */
const RATE_LIMITED = new Set(['QUERY_LIMIT_EXCEEDED', 'OPERATION_TIME_LIMIT']);
/** Errors that mean the credentials no longer work: the admin must act. */
export const AUTH_FAILED = new Set(['NO_AUTH_FOUND', 'INVALID_CREDENTIALS', 'invalid_token', 'insufficient_scope', 'user_access_error', 'ACCESS_DENIED', 'PAYMENT_REQUIRED', 'PORTAL_DELETED', 'OVERLOAD_LIMIT', 'INVALID_REQUEST', 'invalid_grant', 'invalid_client']);

export class B24Error extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, message: string, status = 400) {
    super(message);
    this.name = 'B24Error';
    this.code = code;
    this.status = status;
  }

  get transient(): boolean {
    return TRANSIENT.has(this.code) || this.status >= 500 || this.status === 0;
  }

  get answer(): string {
    return this.status ? JSON.stringify({ error: this.code, error_description: this.message }) : this.message;
  }

  /** What kind of failure it is, for the admin's screen to word. */
  get failure(): JobErrorCode {
    if (this.code === 'ADDRESS_REFUSED') return 'address_refused';
    if (RATE_LIMITED.has(this.code) || this.status === 429 || this.status === 503) return 'crm_rate_limited';
    if (AUTH_FAILED.has(this.code) || this.code === 'expired_token') return 'crm_auth_failed';
    if (this.transient || this.code === 'REDIRECT') return 'crm_unreachable';
    return 'crm_rejected';
  }

  /** What a job does with it: retry later, or a dead letter with the portal's words. */
  toJobError(what: string): JobError {
    if (this.transient) return new JobError('transient', this.failure, `${what}: ${this.code === 'NETWORK' ? this.message : `Bitrix24 did not take it now (${this.code}: ${this.message})`}; it will be tried again.`, { answer: this.answer });
    if (AUTH_FAILED.has(this.code)) return new JobError('permanent', this.failure, `${what}: Bitrix24 refused the saved credentials (${this.code}: ${this.message}). Check the connection in the CRM settings, then retry the dead letters.`, { answer: this.answer });
    return new JobError('permanent', this.failure, `${what}: Bitrix24 refused it (${this.code}: ${this.message}).`, { answer: this.answer });
  }
}

/** PHP-style query encoding, as `batch` commands are written: FILTER[>=DATE]=…&SELECT[0]=ID. */
export function phpQuery(params: Params, prefix = ''): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    const name = prefix ? `${prefix}[${key}]` : key;
    if (value === undefined) continue;
    if (value !== null && typeof value === 'object') {
      const inner = phpQuery(Array.isArray(value) ? Object.fromEntries(value.map((v, i) => [String(i), v])) : (value as Params), name);
      if (inner) parts.push(inner);
    } else {
      parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(value === null ? '' : String(value))}`);
    }
  }
  return parts.join('&');
}

/** Where requests go and how they are authorised; OAuth tokens can change under it. */
export interface B24Endpoint {
  /** The URL of a method: `https://portal/rest/1/secret/timeman.status` or `https://portal/rest/timeman.status`. */
  url(method: string): string;
  /** OAuth: the access token sent as `auth`; a webhook carries its secret in the URL. */
  token(): string | null;
  /** After an expired_token answer: get a new access token (one refresh at a time, everywhere). */
  refresh?(staleToken: string): Promise<void>;
}

export interface ClientOptions {
  endpoint: B24Endpoint;
  egress: Egress;
  agent?: http.Agent;
  pacer: Pacer;
  now: () => number;
  timeoutMs?: number;
  /** Counts requests (the benchmark reads it). */
  onRequest?: (method: string) => void;
}

const MAX_LIMIT_RETRIES = 6;

export class Bitrix24Client {
  private readonly o: ClientOptions;

  constructor(options: ClientOptions) {
    this.o = options;
  }

  /** One method in one request. */
  async call(method: string, params: Params = {}): Promise<B24Result> {
    const answer = await this.send(method, params);
    return { result: answer.result, ...(answer.total !== undefined ? { total: Number(answer.total) } : {}), ...(answer.next !== undefined ? { next: Number(answer.next) } : {}) };
  }

  /** Up to 50 methods in one request; each comes back as its result or its own error. */
  async batch(calls: readonly { method: string; params: Params }[]): Promise<(B24Result | B24Error)[]> {
    if (calls.length > 50) throw new Error('A Bitrix24 batch holds at most 50 calls.');
    const cmd = Object.fromEntries(calls.map((c, i) => [`c${i}`, `${c.method}?${phpQuery(c.params)}`]));
    const answer = await this.send('batch', { halt: 0, cmd });
    const r = (answer.result ?? {}) as { result?: Params | unknown[]; result_error?: Params | unknown[]; result_total?: Params | unknown[]; result_next?: Params | unknown[] };
    const get = (m: Params | unknown[] | undefined, key: string) => (m && !Array.isArray(m) ? m[key] : Array.isArray(m) ? m[Number(key.slice(1))] : undefined);
    return calls.map((c, i) => {
      const key = `c${i}`;
      const error = get(r.result_error, key) as { error?: string; error_description?: string } | string | undefined;
      if (error) {
        return typeof error === 'string' ? new B24Error(error, error, 400) : new B24Error(error.error ?? 'ERROR', error.error_description ?? String(error.error), 400);
      }
      const result = get(r.result, key);
      if (result === undefined) return new B24Error('ERROR_UNEXPECTED_ANSWER', `The batch answer has no result for ${c.method}`, 500);
      const total = get(r.result_total, key);
      const next = get(r.result_next, key);
      return { result, ...(total !== undefined ? { total: Number(total) } : {}), ...(next !== undefined ? { next: Number(next) } : {}) };
    });
  }

  private async send(method: string, params: Params): Promise<Params> {
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      await this.o.pacer.acquire();
      this.o.onRequest?.(method);
      const token = this.o.endpoint.token();
      const body = JSON.stringify(token ? { ...params, auth: token } : params);
      let status: number;
      let text: string;
      let retryAfter: string | undefined;
      try {
        const answer = await request(this.o.egress, this.o.endpoint.url(method), {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'zvit-hub' },
          body,
          timeoutMs: this.o.timeoutMs ?? 60_000,
          ...(this.o.agent ? { agent: this.o.agent } : {}),
        });
        status = answer.status;
        text = answer.body;
        retryAfter = answer.headers['retry-after'] as string | undefined;
      } catch (error) {
        if (error instanceof EgressRefused) throw new B24Error('ADDRESS_REFUSED', error.message, 400);
        const e = error as EgressError;
        // The request may have been carried out: the job must look before it writes again.
        throw new B24Error('NETWORK', `No answer from Bitrix24: ${e.message}`, 0);
      }
      let json: Params;
      try {
        json = JSON.parse(text) as Params;
      } catch {
        if (status >= 300 && status < 400) throw new B24Error('REDIRECT', `The portal answered with a redirect (HTTP ${status}); check its address.`, 400);
        throw new B24Error('ERROR_UNEXPECTED_ANSWER', `The portal answered HTTP ${status} without JSON${status === 404 ? ' (is the address a Bitrix24 portal?)' : ''}.`, status >= 500 ? status : 400);
      }
      if (status < 300 && json.error === undefined) return json;
      const code = String(json.error ?? `HTTP_${status}`);
      const message = String(json.error_description ?? json.error ?? `HTTP ${status}`);
      const waitMs = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : null;
      if (code === 'QUERY_LIMIT_EXCEEDED' || status === 503) {
        // Not carried out: wait for the bucket and send the same request again.
        const rate = this.o.pacer.bucket.rate ?? 2;
        this.o.pacer.block(this.o.now() + Math.max(waitMs ?? 0, Math.ceil(1000 / rate)));
        if (attempt < MAX_LIMIT_RETRIES) continue;
        throw new B24Error(code, message, 503);
      }
      if (code === 'OPERATION_TIME_LIMIT' || status === 429) {
        this.o.pacer.block(this.o.now() + (waitMs ?? 60_000));
        throw new B24Error(code, message, 429);
      }
      if (code === 'expired_token' && token && this.o.endpoint.refresh && !refreshed) {
        // Bitrix24 asks to refresh only after this answer, never ahead of it.
        await this.o.endpoint.refresh(token);
        refreshed = true;
        continue;
      }
      throw new B24Error(code, message, status);
    }
  }
}

/**
 * Collects calls made by many jobs at once into `batch` requests of up to 50. A request goes when
 * every running job of the account is waiting for a call (nothing more can come), when 50 are
 * waiting, or after a short window at most, whichever is first.
 */
export class Batcher {
  private pending: { method: string; params: Params; resolve(r: B24Result): void; reject(e: unknown): void }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private readonly client: Pick<Bitrix24Client, 'call' | 'batch'>;
  private readonly running: () => number;
  private readonly windowMs: number;

  constructor(client: Pick<Bitrix24Client, 'call' | 'batch'>, running: () => number = () => 0, windowMs = 50) {
    this.client = client;
    this.running = running;
    this.windowMs = windowMs;
  }

  call(method: string, params: Params = {}): Promise<B24Result> {
    return new Promise((resolve, reject) => {
      this.pending.push({ method, params, resolve, reject });
      this.kick();
    });
  }

  private ready(): boolean {
    return this.pending.length >= 50 || this.pending.length >= this.running();
  }

  private kick(): void {
    if (this.inFlight) return;
    if (this.ready()) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      // Let the microtasks of the job that just called finish first.
      setImmediate(() => this.go());
      return;
    }
    this.timer ??= setTimeout(() => this.go(), this.windowMs);
  }

  private go(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.inFlight || !this.pending.length) return;
    this.inFlight = this.flush().finally(() => {
      this.inFlight = null;
      if (this.pending.length) this.kick();
    });
  }

  private async flush(): Promise<void> {
    const group = this.pending.splice(0, 50);
    if (!group.length) return;
    try {
      if (group.length === 1) {
        const one = group[0]!;
        one.resolve(await this.client.call(one.method, one.params));
        return;
      }
      const results = await this.client.batch(group.map((g) => ({ method: g.method, params: g.params })));
      results.forEach((r, i) => (r instanceof B24Error ? group[i]!.reject(r) : group[i]!.resolve(r)));
    } catch (error) {
      for (const g of group) g.reject(error);
    }
  }
}
