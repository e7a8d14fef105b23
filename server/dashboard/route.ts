// Registers an entry of the dashboard's contract (shared/dashboard-api.ts) as a Fastify route:
// params, query, body and response schemas come from the contract (so /docs is complete), and
// the plumbing every dashboard route needs is applied here once: the session cookie (401 when
// missing, expired or the account is deactivated), the CSRF header on changes (403 `csrf`), and
// errors in the {"error":{"code","message"}} shape. Access to ids is the handler's question,
// answered with scope.ts (other people's ids answer 404).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { dashboardApi, type DashboardApi, type RouteName } from '../../shared/dashboard-api.ts';
import type { Actor } from '../access.ts';
import { requireSession, type Session } from '../auth/sessions.ts';
import type { HubApp, HubContext } from '../context.ts';
import { contractRoute, type ContractRequest } from '../http/contract-route.ts';
import { rateLimitError } from '../routes/rate-limit.ts';

type Out<R> = R extends { output: infer O } ? (O extends z.ZodType ? z.input<O> : unknown) : never;

export interface SignedInRequest<R extends DashboardApi[RouteName]> extends ContractRequest<R> {
  session: Session;
  actor: Actor;
}

const sessions = new WeakMap<FastifyRequest, Session>();

/** A route for signed-in people: the session is checked before the body is even parsed. */
export function signedInRoute<N extends RouteName>(
  app: HubApp,
  ctx: HubContext,
  name: N,
  handler: (req: SignedInRequest<DashboardApi[N]>) => Promise<Out<DashboardApi[N]>>,
): void {
  const def = dashboardApi[name];
  contractRoute(
    app,
    def,
    (async (req: ContractRequest<DashboardApi[N]>) => {
      const session = sessions.get(req.raw);
      // onRequest always sets it; a route registered without the hook would be a bug here.
      if (!session) throw new Error(`${name}: no session checked`);
      return handler({ ...req, session, actor: session.actor } as SignedInRequest<DashboardApi[N]>);
    }) as never,
    {
      security: [{ session: [] }],
      onRequest: async (request: FastifyRequest, _reply: FastifyReply) => {
        sessions.set(request, await requireSession(ctx, request));
      },
    },
  );
}

/**
 * A route for people who are not signed in yet (sign-in, the set-up link, invite links): limited
 * per address like enrollment, because each one guesses at a secret.
 */
export function publicRoute<N extends RouteName>(
  app: HubApp,
  ctx: HubContext,
  name: N,
  handler: (req: ContractRequest<DashboardApi[N]>) => Promise<Out<DashboardApi[N]>>,
): void {
  contractRoute(app, dashboardApi[name], handler as never, {
    config: { rateLimit: { max: ctx.limits.authPerMinute, timeWindow: 60_000, errorResponseBuilder: rateLimitError } },
  });
}
