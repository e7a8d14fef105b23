// The admin's integration screens' way to the hub: one typed call per entry of the integrations
// contract (shared/integrations.ts), through the same client as every other call, and a hook
// that loads one and reloads it on request. It does not follow the live stream: its events are
// about people's days, and some of these reads call the CRM itself (its users), which must not
// be asked again at every clock-in.
import type { z } from 'zod';
import { integrationsApi, type IntegrationsApi } from '../../shared/integrations.ts';
import { callDef } from './client.ts';
import { useRequest, type CallState } from './use-call.ts';

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

export type Loaded<T> = CallState<T>;

export function useIntegration<N extends IntegrationName>(name: N, input: IntegrationInput<N> | null): Loaded<IntegrationOutput<N>> {
  return useRequest(input === null ? null : () => icall(name, input), JSON.stringify([name, input]));
}
