// Registers a route from its entry in a shared contract (shared/integrations.ts, shared/
// dashboard-api.ts): method, path, params, query, body and the response schema all come from the
// contract, so /docs shows exactly what the browser's client is typed against.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { RouteDef } from '../../shared/dashboard-api.ts';
import { ErrorBodySchema } from '../../shared/sync.ts';
import type { HubApp } from '../context.ts';

type In<R extends RouteDef, K extends 'params' | 'query' | 'body'> = R[K] extends z.ZodType ? z.output<R[K]> : undefined;
type Out<R extends RouteDef> = R['output'] extends z.ZodType ? z.input<R['output']> : unknown;

export interface ContractRequest<R extends RouteDef> {
  params: In<R, 'params'>;
  query: In<R, 'query'>;
  body: In<R, 'body'>;
  raw: FastifyRequest;
  reply: FastifyReply;
}

export interface ContractExtra {
  security?: Record<string, string[]>[];
  bodyLimit?: number;
  /** Route config for plugins (e.g. @fastify/rate-limit's `rateLimit`). */
  config?: Record<string, unknown>;
  /** Runs before the body is parsed or validated (sign-in checks: a stranger gets 401, not 400). */
  onRequest?: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
}

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema, 429: ErrorBodySchema, 502: ErrorBodySchema };

export function contractRoute<R extends RouteDef>(app: HubApp, def: R, handler: (req: ContractRequest<R>) => Promise<Out<R>>, extra: ContractExtra = {}): void {
  const json = 'parse' in (def.output as object);
  app.route({
    method: def.method,
    url: def.path,
    ...(extra.bodyLimit ? { bodyLimit: extra.bodyLimit } : {}),
    ...(extra.config ? { config: extra.config } : {}),
    ...(extra.onRequest ? { onRequest: extra.onRequest } : {}),
    schema: {
      tags: [def.tag],
      summary: def.summary,
      description: `Who: ${def.access}.`,
      ...(def.params ? { params: def.params } : {}),
      ...(def.query ? { querystring: def.query } : {}),
      ...(def.body ? { body: def.body } : {}),
      ...(extra.security ? { security: extra.security } : {}),
      response: json ? { [def.status ?? 200]: def.output as z.ZodType, ...errors } : errors,
    },
    handler: (async (request: FastifyRequest, reply: FastifyReply) => {
      const out = await handler({ params: request.params as never, query: request.query as never, body: request.body as never, raw: request, reply });
      if (def.status === 204) return reply.code(204).send();
      return out;
    }) as never,
  });
}
