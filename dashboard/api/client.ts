// The dashboard's only way to the hub: one typed call per contract entry (shared/dashboard-api.ts),
// so a route's path, input and output cannot drift from what the hub registers. Changes carry
// the session's CSRF token; a 401 anywhere means the session ended, and the app goes to sign-in
// (then back to where it was).
//
// The paths come from shared/api-paths.ts (no zod), so no call waits for the contract's chunk:
// the contract gives the calls their types only.
import { ROUTES, routePath } from '../../shared/api-paths.ts';
import type { RouteInput, RouteName, RouteOutput } from '../../shared/dashboard-api.ts';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

interface ClientState {
  csrfToken: string | null;
  onUnauthorized: () => void;
}

const state: ClientState = { csrfToken: null, onUnauthorized: () => {} };

export function setCsrfToken(token: string | null): void {
  state.csrfToken = token;
}

export function onUnauthorized(handler: () => void): void {
  state.onUnauthorized = handler;
}

type AnyInput = { params?: Record<string, string>; query?: Record<string, unknown>; body?: unknown };

/** The URL of a route with its params and query (for links: exports download through one). */
export function routeUrl<N extends RouteName>(name: N, input: RouteInput<N>): string {
  return urlOf(ROUTES[name].path, input as AnyInput);
}

function urlOf(routePattern: string, { params, query }: AnyInput): string {
  const path = routePath(routePattern, params);
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== null) search.set(key, String(value));
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Calls a route; resolves with its output, rejects with an ApiError (status 0: no network). */
export async function call<N extends RouteName>(name: N, ...args: keyof RouteInput<N> extends never ? [input?: RouteInput<N>] : [input: RouteInput<N>]): Promise<RouteOutput<N>> {
  const input = (args[0] ?? {}) as AnyInput;
  return (await callDef(ROUTES[name], input, name !== 'login' && name !== 'me')) as RouteOutput<N>;
}

/**
 * Calls any contract entry (the dashboard's or another contract's, such as shared/integrations.ts)
 * the same way: CSRF on changes, the session's end on 401, errors as ApiError. `text` sends a body
 * as it is (a CSV file) instead of JSON.
 */
export async function callDef(
  def: { method: string; path: string },
  input: AnyInput & { text?: { contentType: string; body: string } },
  signedIn = true,
): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (def.method !== 'GET' && state.csrfToken) headers['x-csrf-token'] = state.csrfToken;
  let body: string | undefined;
  if (input.text) {
    headers['content-type'] = input.text.contentType;
    body = input.text.body;
  } else if (input.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(input.body);
  }
  let res: Response;
  try {
    res = await fetch(urlOf(def.path, input), { method: def.method, headers, body, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', 'The hub cannot be reached.');
  }
  if (res.status === 401 && signedIn) state.onUnauthorized();
  if (!res.ok) {
    let code = `http_${res.status}`;
    let message = res.statusText;
    try {
      const parsed = (await res.json()) as { error?: { code?: string; message?: string } };
      code = parsed.error?.code ?? code;
      message = parsed.error?.message ?? message;
    } catch {
      // Not JSON: the status says it.
    }
    throw new ApiError(res.status, code, message);
  }
  if (res.status === 204) return null;
  // JSON, or a file (an export) as it came.
  if (!res.headers.get('content-type')?.startsWith('application/json')) return await res.blob();
  return await res.json();
}

const prefetched = new Map<string, { at: number; answer: Promise<unknown> }>();
const PREFETCH_FRESH_MS = 10_000;

/**
 * Starts a call ahead of the screen that will show it (team now, right after signing in, while its
 * chunk loads): that screen's first call of the same route and input takes this answer.
 */
export function prefetch<N extends RouteName>(name: N, input: RouteInput<N>): void {
  const answer = callDef(ROUTES[name], input as AnyInput);
  answer.catch(() => {});
  prefetched.set(`${name} ${JSON.stringify(input)}`, { at: Date.now(), answer });
}

/** The answer prefetched for this route and input (JSON) if still fresh, once. */
export function takePrefetched<N extends RouteName>(name: N, inputJson: string): Promise<RouteOutput<N>> | null {
  const key = `${name} ${inputJson}`;
  const hit = prefetched.get(key);
  prefetched.delete(key);
  return hit && Date.now() - hit.at < PREFETCH_FRESH_MS ? (hit.answer as Promise<RouteOutput<N>>) : null;
}
