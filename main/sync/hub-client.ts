// HTTP calls to the hub, with every way they can fail turned into one error type the sync loop
// and the manager can act on.
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { createParser } from 'eventsource-parser';
import {
  AGENT_VERSION_HEADER,
  AgentEventSchema,
  EnrollResponseSchema,
  ErrorBodySchema,
  HeartbeatResponseSchema,
  PullResponseSchema,
  PushResponseSchema,
  type AgentEvent,
  type EnrollResponse,
  type HeartbeatRequest,
  type HeartbeatResponse,
  type PullResponse,
  type PushResponse,
  type SyncRecord,
} from '../../shared/sync.ts';

const gzip = promisify(zlib.gzip);

export type HubErrorKind =
  /** Not reachable: DNS, refused, reset, timed out. Retry with backoff. */
  | 'network'
  /** Reached something that is not a Zvit hub (wrong URL). */
  | 'not_a_hub'
  /** The hub answered with an error status (see code). */
  | 'http';

export class HubError extends Error {
  readonly kind: HubErrorKind;
  readonly status: number;
  readonly code: string;
  /** Seconds, from Retry-After on 429/503. */
  readonly retryAfter: number | null;
  constructor(kind: HubErrorKind, message: string, options: { status?: number; code?: string; retryAfter?: number | null; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'HubError';
    this.kind = kind;
    this.status = options.status ?? 0;
    this.code = options.code ?? kind;
    this.retryAfter = options.retryAfter ?? null;
  }

  /** Worth trying again later by itself (as opposed to needing a person). */
  get transient(): boolean {
    return this.kind === 'network' || this.status >= 500 || this.status === 429 || this.status === 408;
  }
}

export function normalizeHubUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.includes('://') ? input : `https://${input}`);
  } catch {
    throw new HubError('not_a_hub', `"${input}" is not a web address.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new HubError('not_a_hub', `A hub address starts with https:// (got ${url.protocol}).`);
  url.hash = '';
  url.search = '';
  return url.toString().replace(/\/+$/, '');
}

export interface HubClientOptions {
  url: string;
  token?: string | null;
  timeoutMs?: number;
  /** This agent's version, sent with every call (the hub counts devices per release). */
  agentVersion?: string | null;
}

export class HubClient {
  readonly url: string;
  private readonly token: string | null;
  private readonly timeoutMs: number;
  private readonly agentVersion: string | null;

  constructor(options: HubClientOptions) {
    this.url = normalizeHubUrl(options.url);
    this.token = options.token ?? null;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.agentVersion = options.agentVersion ?? null;
  }

  enroll(code: string, deviceId: string, name: string): Promise<EnrollResponse> {
    return this.call('POST', '/api/v1/enroll', JSON.stringify({ code, deviceId, name }), EnrollResponseSchema);
  }

  async push(records: readonly SyncRecord[], clockOffsetMs: number | null = null): Promise<PushResponse> {
    const body = await gzip(JSON.stringify({ records, ...(clockOffsetMs !== null ? { clockOffsetMs } : {}) }));
    return this.call('POST', '/api/v1/sync/push', body, PushResponseSchema, { 'content-encoding': 'gzip' });
  }

  pull(cursor: string | null): Promise<PullResponse> {
    return this.call('GET', `/api/v1/sync/pull${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, null, PullResponseSchema);
  }

  /** The agent's state now; the answer's latestChange says whether something waits to be pulled. */
  heartbeat(state: HeartbeatRequest): Promise<HeartbeatResponse> {
    return this.call('POST', '/api/v1/sync/heartbeat', JSON.stringify(state), HeartbeatResponseSchema);
  }

  /**
   * Listens to the hub's event stream for this device's user until it ends, `signal` aborts it
   * or nothing (not even a keep-alive comment) arrives for `idleMs`. Resolves when the hub
   * closes it; rejects with a HubError when it cannot be opened (a 404: an older hub without
   * one) or breaks. `onOpen` runs once the hub has accepted it.
   */
  async events(options: { signal: AbortSignal; idleMs: number; onOpen(): void; onChange(event: AgentEvent): void }): Promise<void> {
    const controller = new AbortController();
    const abort = () => controller.abort(options.signal.reason);
    options.signal.addEventListener('abort', abort, { once: true });
    let idle: NodeJS.Timeout | null = null;
    const idleAfter = (ms: number) => {
      if (idle) clearTimeout(idle);
      idle = setTimeout(() => controller.abort(new DOMException('the event stream went quiet', 'TimeoutError')), ms);
      idle.unref?.();
    };
    try {
      idleAfter(this.timeoutMs);
      const res = await this.send('GET', '/api/v1/sync/events', null, { accept: 'text/event-stream' }, controller.signal);
      if (!res.ok) this.refuse(res, await this.readText(res));
      if (!res.body || !(res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
        throw new HubError('not_a_hub', `${this.url} answered, but not with an event stream.`, { status: res.status });
      }
      options.onOpen();
      idleAfter(options.idleMs);
      const parser = createParser({
        onEvent: (message) => {
          if (message.event !== 'change') return;
          let data: unknown;
          try {
            data = JSON.parse(message.data);
          } catch {
            return;
          }
          const parsed = AgentEventSchema.safeParse(data);
          if (parsed.success) options.onChange(parsed.data);
        },
      });
      const decoder = new TextDecoder();
      try {
        for await (const chunk of res.body) {
          idleAfter(options.idleMs);
          parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
        }
      } catch (error) {
        if (options.signal.aborted) return;
        throw new HubError('network', `The hub's event stream broke: ${describeNetworkError(error)}.`, { cause: error });
      }
    } catch (error) {
      if (options.signal.aborted) return;
      throw error;
    } finally {
      if (idle) clearTimeout(idle);
      options.signal.removeEventListener('abort', abort);
    }
  }

  private async call<T>(
    method: string,
    path: string,
    body: string | Buffer | null,
    schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
    headers: Record<string, string> = {},
  ): Promise<T> {
    const res = await this.send(method, path, body, headers, AbortSignal.timeout(this.timeoutMs));
    const text = await this.readText(res);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (!res.ok) this.refuse(res, text);
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new HubError('not_a_hub', `${this.url} answered, but not as a Zvit hub does. Check the address.`, { status: res.status });
    return parsed.data;
  }

  /** One request, with the token and this agent's version on it. */
  private async send(method: string, path: string, body: string | Buffer | null, headers: Record<string, string>, signal: AbortSignal): Promise<Response> {
    try {
      return await fetch(this.url + path, {
        method,
        headers: {
          ...(body !== null ? { 'content-type': 'application/json' } : {}),
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
          ...(this.agentVersion ? { [AGENT_VERSION_HEADER]: this.agentVersion } : {}),
          ...headers,
        },
        ...(body !== null ? { body: typeof body === 'string' ? body : new Uint8Array(body) } : {}),
        signal,
      });
    } catch (error) {
      throw new HubError('network', `Could not reach the hub at ${this.url}: ${describeNetworkError(error)}.`, { cause: error });
    }
  }

  private async readText(res: Response): Promise<string> {
    try {
      return await res.text();
    } catch (error) {
      // The connection broke while the answer was arriving: the hub may or may not have stored
      // the batch, which is why every record is idempotent by id.
      throw new HubError('network', `The connection to ${this.url} broke during the answer: ${describeNetworkError(error)}.`, { cause: error });
    }
  }

  /** Turns an error answer into the HubError it means. */
  private refuse(res: Response, text: string): never {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = ErrorBodySchema.safeParse(json);
    const retryAfter = Number(res.headers.get('retry-after'));
    if (parsed.success) {
      throw new HubError('http', parsed.data.error.message, {
        status: res.status,
        code: parsed.data.error.code,
        retryAfter: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
      });
    }
    if (res.status === 404 || res.status === 405 || json === undefined) {
      const kind = res.status >= 500 ? 'http' : 'not_a_hub';
      throw new HubError(kind, kind === 'http' ? `The hub at ${this.url} answered HTTP ${res.status}.` : `${this.url} does not answer as a Zvit hub (HTTP ${res.status}). Check the address.`, {
        status: res.status,
        code: kind === 'http' ? `http_${res.status}` : 'not_a_hub',
        retryAfter: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
      });
    }
    throw new HubError('http', `The hub at ${this.url} answered HTTP ${res.status}.`, { status: res.status, code: `http_${res.status}` });
  }
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code ?? (error as { name?: string })?.name;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused (is the hub running?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'no such host name';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'the connection was cut';
    case 'TimeoutError':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'no answer in time';
    default:
      return cause?.message ?? (error instanceof Error ? error.message : String(error));
  }
}
