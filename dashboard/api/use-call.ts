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
  const [data, setData] = useState<RouteOutput<N> | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [nonce, setNonce] = useState(0);
  const version = useLive((s) => (live ? s.version : 0));
  const key = JSON.stringify(input);
  const latest = useRef(0);
  useEffect(() => {
    if (input === null) return;
    const id = ++latest.current;
    setLoading(true);
    const answer = takePrefetched(name, key) ?? (call as (n: N, i: RouteInput<N>) => Promise<RouteOutput<N>>)(name, input);
    answer.then(
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
    // `key` stands for the input.
  }, [name, key, version, nonce]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { data, error, loading, reload };
}
