// The admin's webhook endpoints: add (the whsec_ secret is in the answer, once), change, enable
// again after a 410, rotate the secret, send a test event, read the delivery log; and the
// organization's allow-list of private hosts and ranges.
import type { FastifyRequest } from 'fastify';
import { integrationsApi, jobErrorCode } from '../../shared/integrations.ts';
import { requireSession } from '../auth/sessions.ts';
import type { HubApp, HubContext } from '../context.ts';
import { forbidden, HubError } from '../errors.ts';
import { contractRoute } from '../http/contract-route.ts';
import { enqueue } from '../jobs/queue.ts';
import { AllowListError, parseAllowList } from '../egress/guard.ts';
import type { Integrations } from '../crm/integrations.ts';
import { addEndpoint, checkUrl, getEndpoint, publicEndpoint, rotateSecret } from './endpoints.ts';
import { EMIT, type EmitPayload } from './events.ts';

export function registerWebhooks(app: HubApp, ctx: HubContext, integrations: Integrations): void {
  const { db } = ctx;
  const api = integrationsApi;
  const admin = async (raw: FastifyRequest) => {
    const { actor } = await requireSession(ctx, raw);
    if (actor.role !== 'admin') throw forbidden('Only an admin manages webhooks.');
    return actor;
  };

  contractRoute(app, api.webhooks, async ({ raw }) => {
    const actor = await admin(raw);
    const rows = await db.selectFrom('webhook_endpoints').selectAll().where('org_id', '=', actor.orgId).orderBy('created_at').execute();
    return { endpoints: rows.map((r) => publicEndpoint(r, integrations.box, ctx.now())) };
  });

  contractRoute(app, api.addWebhook, async ({ raw, body }) => {
    const actor = await admin(raw);
    const { row, secret } = await addEndpoint(db, integrations.box, actor.orgId, body, ctx.now());
    return { endpoint: publicEndpoint(row, integrations.box, ctx.now()), secret };
  });

  contractRoute(app, api.updateWebhook, async ({ raw, params, body }) => {
    const actor = await admin(raw);
    const row = await getEndpoint(db, actor.orgId, params.endpointId);
    if (body.url) checkUrl(body.url);
    const now = ctx.now();
    await db
      .updateTable('webhook_endpoints')
      .set({
        ...(body.url ? { url: body.url } : {}),
        ...(body.events ? { events: JSON.stringify([...new Set(body.events)]) } : {}),
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(body.enabled === true ? { enabled: 1, disabled_reason: null, disabled_at: null } : body.enabled === false ? { enabled: 0, disabled_reason: 'Turned off by an admin.', disabled_at: now } : {}),
        updated_at: now,
      })
      .where('id', '=', row.id)
      .execute();
    return { endpoint: publicEndpoint(await getEndpoint(db, actor.orgId, row.id), integrations.box, now) };
  });

  contractRoute(app, api.deleteWebhook, async ({ raw, params }) => {
    const actor = await admin(raw);
    const row = await getEndpoint(db, actor.orgId, params.endpointId);
    await db.transaction().execute(async (tx) => {
      await tx.deleteFrom('jobs').where('account', '=', `webhook:${row.id}`).where('state', '<>', 'running').execute();
      const ids = tx.selectFrom('webhook_deliveries').select('id').where('endpoint_id', '=', row.id);
      await tx.deleteFrom('webhook_attempts').where('delivery_id', 'in', ids).execute();
      await tx.deleteFrom('webhook_deliveries').where('endpoint_id', '=', row.id).execute();
      await tx.deleteFrom('webhook_endpoints').where('id', '=', row.id).execute();
    });
    return { ok: true as const };
  });

  contractRoute(app, api.rotateWebhookSecret, async ({ raw, params }) => {
    const actor = await admin(raw);
    return { secret: await rotateSecret(db, integrations.box, await getEndpoint(db, actor.orgId, params.endpointId), ctx.now()) };
  });

  contractRoute(app, api.testWebhook, async ({ raw, params }) => {
    const actor = await admin(raw);
    const row = await getEndpoint(db, actor.orgId, params.endpointId);
    if (!row.enabled) throw new HubError(409, 'conflict', 'The endpoint is off; enable it first.');
    const now = ctx.now();
    const id = await enqueue(db, { kind: EMIT, account: `local:${actor.orgId}`, orgId: actor.orgId, payload: { type: 'webhook.test', refs: {}, at: now, endpointId: row.id } satisfies EmitPayload }, now);
    integrations.runner?.wake();
    return { deliveryId: id };
  });

  contractRoute(app, api.webhookDeliveries, async ({ raw, params, query }) => {
    const actor = await admin(raw);
    const row = await getEndpoint(db, actor.orgId, params.endpointId);
    const deliveries = await db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', row.id).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
    const attempts = deliveries.length ? await db.selectFrom('webhook_attempts').selectAll().where('delivery_id', 'in', deliveries.map((d) => d.id)).orderBy('attempt').execute() : [];
    return {
      deliveries: deliveries.map((d) => ({
        id: d.id,
        eventType: d.event_type,
        state: d.state,
        attempts: Number(d.attempts),
        lastStatus: d.last_status === null ? null : Number(d.last_status),
        lastError: d.last_error,
        lastErrorCode: jobErrorCode(d.last_error_code),
        lastAttemptAt: d.last_attempt_at === null ? null : Number(d.last_attempt_at),
        deliveredAt: d.delivered_at === null ? null : Number(d.delivered_at),
        createdAt: Number(d.created_at),
        body: d.body,
        log: attempts.filter((a) => a.delivery_id === d.id).map((a) => ({ attempt: Number(a.attempt), at: Number(a.at), status: a.status === null ? null : Number(a.status), error: a.error, durationMs: Number(a.duration_ms) })),
      })),
    };
  });

  const settings = async (orgId: string) => {
    const row = await db.selectFrom('org_integration_settings').select('webhook_allow').where('org_id', '=', orgId).executeTakeFirst();
    return { webhookAllow: parseAllowList(row?.webhook_allow ?? '').entries, webhookAllowFromEnvironment: parseAllowList(integrations.allowFromEnvironment).entries };
  };

  contractRoute(app, api.integrationSettings, async ({ raw }) => settings((await admin(raw)).orgId));

  contractRoute(app, api.setIntegrationSettings, async ({ raw, body }) => {
    const actor = await admin(raw);
    try {
      parseAllowList(body.webhookAllow);
    } catch (error) {
      if (error instanceof AllowListError) throw new HubError(400, 'invalid_request', error.message);
      throw error;
    }
    const value = body.webhookAllow.join(',');
    await db
      .insertInto('org_integration_settings')
      .values({ org_id: actor.orgId, webhook_allow: value, updated_at: ctx.now() })
      .onConflict((oc) => oc.column('org_id').doUpdateSet({ webhook_allow: value, updated_at: ctx.now() }))
      .execute();
    return settings(actor.orgId);
  });
}
