// The dashboard's only way to the hub: one typed call per contract entry (shared/dashboard-api.ts),
// so a route's path, input and output cannot drift from what the hub registers. Changes carry
// the session's CSRF token; a 401 anywhere means the session ended, and the app goes to sign-in
// (then back to where it was).
import { dashboardApi, routePath, type RouteInput, type RouteName, type RouteOutput } from '../../shared/dashboard-api.ts';

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
  const { params, query } = input as AnyInput;
  const path = routePath(dashboardApi[name].path, params);
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== null) search.set(key, String(value));
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Calls a route; resolves with its output, rejects with an ApiError (status 0: no network). */
export async function call<N extends RouteName>(name: N, ...args: keyof RouteInput<N> extends never ? [input?: RouteInput<N>] : [input: RouteInput<N>]): Promise<RouteOutput<N>> {
  const def = dashboardApi[name];
  const input = (args[0] ?? {}) as AnyInput;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (def.method !== 'GET' && state.csrfToken) headers['x-csrf-token'] = state.csrfToken;
  let body: string | undefined;
  if (input.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(input.body);
  }
  let res: Response;
  try {
    res = await fetch(routeUrl(name, input as RouteInput<N>), { method: def.method, headers, body, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', 'The hub cannot be reached.');
  }
  if (res.status === 401 && name !== 'login' && name !== 'me') state.onUnauthorized();
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
  if (res.status === 204) return null as RouteOutput<N>;
  if ('kind' in def.output) return (await res.blob()) as RouteOutput<N>;
  return (await res.json()) as RouteOutput<N>;
}
