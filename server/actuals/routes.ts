// API tokens (admin) and KPI actuals from other systems: JSON rows or a CSV file, with an API
// token carrying kpi:write or an admin's session.
import type { FastifyRequest } from 'fastify';
import { integrationsApi } from '../../shared/integrations.ts';
import { requireSession } from '../auth/sessions.ts';
import type { HubApp, HubContext } from '../context.ts';
import { forbidden, HubError } from '../errors.ts';
import { contractRoute } from '../http/contract-route.ts';
import { importActuals, parseCsv } from './import.ts';
import { apiTokenAuth, createApiToken, publicToken, revokeApiToken } from './tokens.ts';

export function registerActuals(app: HubApp, ctx: HubContext): void {
  const { db } = ctx;
  const api = integrationsApi;
  const admin = async (raw: FastifyRequest) => {
    const { actor } = await requireSession(ctx, raw);
    if (actor.role !== 'admin') throw forbidden('Only an admin manages API tokens and imports.');
    return actor;
  };
  /** An API token with kpi:write, or else an admin's session. */
  const writer = async (raw: FastifyRequest) => {
    const token = await apiTokenAuth(db, raw, 'kpi:write', ctx.now());
    if (token) return { orgId: token.orgId, label: `token ${token.name}` };
    const actor = await admin(raw);
    return { orgId: actor.orgId, label: `admin ${actor.email}` };
  };
  const bearer: Record<string, string[]>[] = [{ apiToken: [] }, { session: [] }];

  contractRoute(app, api.apiTokens, async ({ raw }) => {
    const actor = await admin(raw);
    const rows = await db.selectFrom('api_tokens').selectAll().where('org_id', '=', actor.orgId).orderBy('created_at', 'desc').execute();
    return { tokens: rows.map(publicToken) };
  });

  contractRoute(app, api.createApiToken, async ({ raw, body }) => {
    const actor = await admin(raw);
    const { row, secret } = await createApiToken(db, { orgId: actor.orgId, name: body.name, scopes: body.scopes, createdBy: actor.userId }, ctx.now());
    return { token: publicToken(row), secret };
  });

  contractRoute(app, api.revokeApiToken, async ({ raw, params }) => {
    const actor = await admin(raw);
    return { token: publicToken(await revokeApiToken(db, actor.orgId, params.tokenId, ctx.now())) };
  });

  contractRoute(
    app,
    api.putActuals,
    async ({ raw, body }) => {
      const who = await writer(raw);
      return importActuals(db, who.orgId, body.actuals.map((input, row) => ({ row, input })), 'api', who.label, ctx.now());
    },
    { security: bearer },
  );

  app.register(async (scope) => {
    scope.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => done(null, body));
    contractRoute(
      scope as HubApp,
      api.importActualsCsv,
      async ({ raw, body }) => {
        const who = await writer(raw);
        const { rows, problem } = parseCsv(String(body));
        if (problem) throw new HubError(400, 'csv_columns', problem);
        if (rows.length > 10_000) throw new HubError(413, 'batch_too_large', 'At most 10,000 rows per file; split it.');
        return importActuals(db, who.orgId, rows, 'csv', who.label, ctx.now());
      },
      { security: bearer },
    );
  });
}
