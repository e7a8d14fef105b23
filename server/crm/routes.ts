// The admin's CRM settings (shared/integrations.ts) and the two addresses a Bitrix24 local
// application calls: its install handler (tokens arrive there once) and its event handler (every
// event is checked against the application_token received at install; 403 otherwise).
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { integrationsApi } from '../../shared/integrations.ts';
import { requireSession } from '../auth/sessions.ts';
import type { HubApp, HubContext } from '../context.ts';
import { forbidden, HubError, notFound } from '../errors.ts';
import { contractRoute } from '../http/contract-route.ts';
import { enqueue } from '../jobs/queue.ts';
import { parsePhpQuery } from './bitrix24/php-query.ts';
import { AmoError, exchangeAmoCode } from './amocrm/client.ts';
import { AMO } from './amocrm/jobs.ts';
import { B24 } from './bitrix24/jobs.ts';
import { crmAccount, loadConnector, openSecrets, publicConnector, requireBox, saveConnector, sealSecrets, setStatus } from './connectors.ts';
import { crmPeople, testConnection } from './direct.ts';
import { egressFor, type Integrations } from './integrations.ts';
import { links, matchByEmail, setLink } from './users.ts';

async function requireAdmin(ctx: HubContext, request: FastifyRequest) {
  const { actor } = await requireSession(ctx, request);
  if (actor.role !== 'admin') throw forbidden('Only an admin may change how Zvit connects to other systems.');
  return actor;
}

export async function queueCounts(ctx: HubContext, orgId: string, account?: string): Promise<{ waiting: number; dead: number }> {
  let q = ctx.db.selectFrom('jobs').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).where('org_id', '=', orgId).where('state', 'in', ['queued', 'running', 'dead']);
  if (account) q = q.where('account', '=', account);
  const rows = await q.groupBy('state').execute();
  const n = (s: string) => Number(rows.find((r) => r.state === s)?.n ?? 0);
  return { waiting: n('queued') + n('running'), dead: n('dead') };
}

export function registerCrm(app: HubApp, ctx: HubContext, integrations: Integrations): void {
  const { db } = ctx;
  const api = integrationsApi;
  const view = async (orgId: string) => {
    const row = await loadConnector(db, orgId);
    return row ? publicConnector(row, integrations.box, await queueCounts(ctx, orgId, crmAccount(orgId)), integrations.publicUrl) : null;
  };

  contractRoute(app, api.connector, async ({ raw }) => ({ connector: await view((await requireAdmin(ctx, raw)).orgId) }));

  /** Fresh open tasks for the plan: after connecting, and when people were linked. */
  const pullTasks = async (orgId: string) => {
    const row = await loadConnector(db, orgId);
    if (!row || !row.enabled || row.status === 'awaiting_install') return;
    await enqueue(db, { kind: row.kind === 'bitrix24' ? B24.tasks : AMO.tasks, account: crmAccount(orgId), orgId, payload: { orgId }, dedupeKey: `tasks:${orgId}` }, ctx.now());
    integrations.runner?.wake();
  };

  contractRoute(app, api.saveConnector, async ({ raw, body }) => {
    const actor = await requireAdmin(ctx, raw);
    const row = await saveConnector(db, integrations.box, actor.orgId, body, ctx.now(), integrations.publicUrl);
    if (row.kind === 'amocrm' && row.auth === 'oauth' && body.credentials) {
      try {
        await exchangeAmoCode(db, requireBox(integrations.box), row, await egressFor(db, integrations, actor.orgId));
      } catch (error) {
        if (!(error instanceof AmoError)) throw error;
        await setStatus(db, actor.orgId, 'auth_failed', error.message, ctx.now());
        throw new HubError(400, 'invalid_request', error.message);
      }
    }
    await pullTasks(actor.orgId);
    return { connector: (await view(actor.orgId))! };
  });

  contractRoute(app, api.deleteConnector, async ({ raw }) => {
    const actor = await requireAdmin(ctx, raw);
    await db.deleteFrom('crm_connectors').where('org_id', '=', actor.orgId).execute();
    return { ok: true as const };
  });

  contractRoute(app, api.testConnector, async ({ raw }) => {
    const actor = await requireAdmin(ctx, raw);
    return testConnection(db, integrations, actor.orgId, ctx.now, integrations.runner?.instanceId ?? 'api');
  });

  contractRoute(app, api.crmUsers, async ({ raw }) => {
    const actor = await requireAdmin(ctx, raw);
    const people = (await loadConnector(db, actor.orgId)) ? await crmPeople(db, integrations, actor.orgId, ctx.now, integrations.runner?.instanceId ?? 'api') : [];
    return { users: await links(db, actor.orgId), crmUsers: people };
  });

  contractRoute(app, api.matchCrmUsers, async ({ raw }) => {
    const actor = await requireAdmin(ctx, raw);
    const people = await crmPeople(db, integrations, actor.orgId, ctx.now, integrations.runner?.instanceId ?? 'api');
    const { matched, unmatched } = await matchByEmail(db, actor.orgId, people, ctx.now());
    if (matched) await pullTasks(actor.orgId);
    return { users: await links(db, actor.orgId), matched, unmatched };
  });

  contractRoute(app, api.setCrmUser, async ({ raw, params, body }) => {
    const actor = await requireAdmin(ctx, raw);
    const user = await db.selectFrom('users').select(['id', 'org_id']).where('id', '=', params.userId).executeTakeFirst();
    if (!user || user.org_id !== actor.orgId) throw notFound('The user');
    await setLink(db, actor.orgId, user.id, { crmUserId: body.crmUserId, source: 'admin', ...(body.locale !== undefined ? { locale: body.locale } : {}) }, ctx.now());
    await pullTasks(actor.orgId);
    const link = (await links(db, actor.orgId)).find((l) => l.userId === user.id)!;
    return { user: link };
  });

  // --- Bitrix24 local application: install and events -----------------------------------------
  // Bitrix24 posts form data (auth[access_token]=…); these two routes parse it themselves.
  app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, parsePhpQuery(String(body))));
    const find = async (token: string) => {
      const row = await db.selectFrom('crm_connectors').selectAll().where('hook_token', '=', token).executeTakeFirst();
      if (!row || row.kind !== 'bitrix24' || row.auth !== 'oauth') throw notFound('The application');
      return row;
    };
    const authOf = (body: unknown) => ((body as Record<string, unknown>)?.auth ?? {}) as Record<string, string>;

    scope.post('/api/v1/crm/bitrix24/install/:token', { schema: { hide: true } }, async (request, reply) => {
      const row = await find((request.params as { token: string }).token);
      const box = requireBox(integrations.box);
      const auth = authOf(request.body);
      if (!auth.access_token || !auth.refresh_token || !auth.application_token || !auth.client_endpoint) throw new HubError(400, 'invalid_request', 'This is not a Bitrix24 installation request (auth data missing).');
      if (row.member_id && row.member_id !== auth.member_id) throw forbidden('The application is installed on another portal; remove it there first.');
      const secrets = openSecrets(box, row);
      const next = { ...secrets, accessToken: auth.access_token, refreshToken: auth.refresh_token, applicationToken: auth.application_token, clientEndpoint: auth.client_endpoint, serverEndpoint: auth.server_endpoint ?? 'https://oauth.bitrix.info/rest/' };
      await db
        .updateTable('crm_connectors')
        .set((eb) => ({ secrets: sealSecrets(box, row.org_id, next), member_id: auth.member_id ?? null, token_version: eb('token_version', '+', 1), updated_at: ctx.now() }))
        .where('org_id', '=', row.org_id)
        .execute();
      await setStatus(db, row.org_id, 'not_tested', `Installed on ${auth.domain ?? 'the portal'}; test the connection.`, ctx.now());
      request.log.info({ orgId: row.org_id, domain: auth.domain }, 'Bitrix24 application installed');
      return reply.type('text/html; charset=utf-8').send('<!doctype html><meta charset="utf-8"><p>Zvit is connected. You can close this page.</p>');
    });

    scope.post('/api/v1/crm/bitrix24/events/:token', { schema: { hide: true } }, async (request) => {
      const row = await find((request.params as { token: string }).token);
      const box = requireBox(integrations.box);
      const body = request.body as Record<string, unknown>;
      const auth = authOf(body);
      const secrets = openSecrets(box, row);
      const sent = Buffer.from(String(auth.application_token ?? ''));
      const known = Buffer.from(secrets.applicationToken ?? '');
      // Never logged: on ONAPPUNINSTALL it is the only proof the event is the portal's.
      if (!known.length || sent.length !== known.length || !timingSafeEqual(sent, known)) throw forbidden('The event does not carry this application\'s token.');
      const event = String(body.event ?? '').toUpperCase();
      if (event === 'ONAPPUNINSTALL') {
        const { accessToken: _a, refreshToken: _r, applicationToken: _t, ...rest } = secrets;
        await db.updateTable('crm_connectors').set({ secrets: sealSecrets(box, row.org_id, rest), member_id: null, updated_at: ctx.now() }).where('org_id', '=', row.org_id).execute();
        await setStatus(db, row.org_id, 'disconnected', 'The application was removed from the Bitrix24 portal; install it again to reconnect.', ctx.now());
      } else if (event === 'ONAPPUPDATE' && auth.access_token) {
        await db
          .updateTable('crm_connectors')
          .set({ secrets: sealSecrets(box, row.org_id, { ...secrets, accessToken: auth.access_token, refreshToken: auth.refresh_token ?? secrets.refreshToken }), updated_at: ctx.now() })
          .where('org_id', '=', row.org_id)
          .execute();
      }
      return { ok: true };
    });
  });
}
