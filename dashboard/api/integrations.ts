// The admin's integration screens' way to the hub: one typed call per entry of the integrations
// contract (shared/integrations.ts), through the same client as every other call, and a hook
// that loads one and reloads it on request. It does not follow the live stream: its events are
// about people's days, and some of these reads call the CRM itself (its users), which must not
// be asked again at every clock-in.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import { integrationsApi, type IntegrationsApi } from '../../shared/integrations.ts';
import { ApiError, callDef } from './client.ts';

export type IntegrationName = keyof IntegrationsApi;
type Schema<R, K extends string> = R extends { [P in K]: infer S extends z.ZodType } ? S : undefined;
type InputOf<S> = S extends z.ZodType ? z.input<S> : undefined;

export type IntegrationInput<N extends IntegrationName> = {
  [K in 'params' | 'query' | 'body' as Schema<IntegrationsApi[N], K> extends undefined ? never : K]: InputOf<Schema<IntegrationsApi[N], K>>;
};
export type IntegrationOutput<N extends IntegrationName> = z.output<IntegrationsApi[N]['output']>;

/** Calls an integrations route; rejects with an ApiError as `call` does. */
export async function icall<N extends IntegrationName>(name: N, input: IntegrationInput<N>): Promise<IntegrationOutput<N>> {
  return (await callDef(integrationsApi[name], input as never)) as IntegrationOutput<N>;
}

/** Sends a CSV file's text to a route that takes text/csv. */
export async function icallCsv<N extends 'importActualsCsv'>(name: N, csv: string): Promise<IntegrationOutput<N>> {
  return (await callDef(integrationsApi[name], { text: { contentType: 'text/csv; charset=utf-8', body: csv } })) as IntegrationOutput<N>;
}

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload(): void;
}

export function useIntegration<N extends IntegrationName>(name: N, input: IntegrationInput<N> | null): Loaded<IntegrationOutput<N>> {
  const [data, setData] = useState<IntegrationOutput<N> | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [nonce, setNonce] = useState(0);
  const key = JSON.stringify(input);
  const latest = useRef(0);
  useEffect(() => {
    if (input === null) return;
    const id = ++latest.current;
    setLoading(true);
    icall(name, input).then(
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
  }, [name, key, nonce]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { data, error, loading, reload };
}
