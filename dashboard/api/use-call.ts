// Data for a screen: calls a route when its input changes or the live stream says something it
// shows changed (stores/live.ts bumps `version`), keeping the last answer while a new one loads.
// The first call takes an answer prefetched for the same input (client.ts prefetch), if any.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RouteInput, RouteName, RouteOutput } from '../../shared/dashboard-api.ts';
import { useLive } from '../stores/live.ts';
import { ApiError, call, takePrefetched } from './client.ts';

export interface CallState<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload(): void;
}

export function useCall<N extends RouteName>(name: N, input: RouteInput<N> | null, live = true): CallState<RouteOutput<N>> {
  const version = useLive((s) => (live ? s.version : 0));
  const route = call as (n: N, i: RouteInput<N>) => Promise<RouteOutput<N>>;
  return useRequest(input === null ? null : () => takePrefetched(name, JSON.stringify(input)) ?? route(name, input), JSON.stringify([name, input, version]));
}

/**
 * Runs `load` when `key` changes or on reload(), keeping the last answer while a new one loads;
 * an answer that comes after a later request was started is dropped. `load` null: nothing yet.
 * `key` stands for everything `load` reads (the closure itself is new at every render).
 */
export function useRequest<T>(load: (() => Promise<T>) | null, key: string): CallState<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [nonce, setNonce] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    if (load === null) return;
    const id = ++latest.current;
    setLoading(true);
    load().then(
      (out) => {
        if (id !== latest.current) return;
        setData(out);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (id !== latest.current) return;
        setError(e instanceof ApiError ? e : new ApiError(0, 'network', String(e)));
        setLoading(false);
      },
    );
  }, [key, nonce]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { data, error, loading, reload };
}
