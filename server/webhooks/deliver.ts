// Delivers one webhook: signed per Standard Webhooks, through the egress guard, 15 s to answer,
// redirects not followed. 2xx delivers it; 410 Gone turns the endpoint off and tells the admin;
// anything else is retried on the specification's schedule (jittered) and then dead-lettered for
// a manual retry. Every attempt is logged for the admin.
import type { Kysely } from 'kysely';
import type { JobErrorCode } from '../../shared/integrations.ts';
import type { DB } from '../db/schema.ts';
import { EgressRefused } from '../egress/guard.ts';
import { request, type EgressError } from '../egress/request.ts';
import { WEBHOOK_RETRY } from '../jobs/backoff.ts';
import { JobError, type JobHandler, type Session, type SessionFactory } from '../jobs/runner.ts';
import { egressFor, type Integrations } from '../crm/integrations.ts';
import { SecretKeyError } from '../crm/secrets.ts';
import { DELIVER } from './events.ts';
import { disableEndpoint, secretsOf } from './endpoints.ts';
import { signatureHeaders } from './signing.ts';

export const TIMEOUT_MS = 15_000;

export interface WebhookSession extends Session {
  integrations: Integrations;
}

/** Webhook endpoints and internal jobs need no connection of their own. */
export function plainSessions(prefix: 'webhook:' | 'local:', integrations: Integrations): SessionFactory {
  return { prefix, open: async () => ({ integrations }) };
}

/** How an attempt failed: the kind (for the admin's screen to word) and the hub's English note. */
interface Failure {
  code: JobErrorCode;
  note: string;
}

async function logAttempt(db: Kysely<DB>, id: string, attempt: number, at: number, status: number | null, failure: Failure | null, durationMs: number, delivered: boolean, dead: boolean) {
  const error = failure?.note ?? null;
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('webhook_attempts').values({ delivery_id: id, attempt, at, status, error, duration_ms: durationMs }).onConflict((oc) => oc.columns(['delivery_id', 'attempt']).doNothing()).execute();
    await tx
      .updateTable('webhook_deliveries')
      .set({ attempts: attempt, last_status: status, last_error: error, last_error_code: failure?.code ?? null, last_attempt_at: at, ...(delivered ? { state: 'delivered', delivered_at: at } : dead ? { state: 'dead' } : { state: 'pending' }) })
      .where('id', '=', id)
      .execute();
  });
}

export const deliverJob: JobHandler<{ deliveryId: string }, WebhookSession> = {
  kind: DELIVER,
  retry: WEBHOOK_RETRY,
  async run({ job, payload, db, now, session, log }) {
    const delivery = await db.selectFrom('webhook_deliveries').selectAll().where('id', '=', payload.deliveryId).executeTakeFirst();
    if (!delivery) throw new JobError('permanent', 'hub_data_missing', 'The delivery no longer exists.');
    if (delivery.state === 'delivered') return { alreadyDelivered: true };
    const endpoint = await db.selectFrom('webhook_endpoints').selectAll().where('id', '=', delivery.endpoint_id).executeTakeFirst();
    if (!endpoint) throw new JobError('permanent', 'receiver_off', 'The endpoint was removed.');
    if (!endpoint.enabled) throw new JobError('permanent', 'receiver_off', `The endpoint is off${endpoint.disabled_reason ? `: ${endpoint.disabled_reason}` : ''}. Enable it, then retry.`);
    const box = session.integrations.box;
    if (!box) throw new JobError('deferred', 'hub_secret_key', 'The hub has no ZVIT_SECRET_KEY to read the signing secret with.', { retryAfterMs: 600_000 });
    const started = now();
    const attempt = delivery.attempts + 1;
    const last = job.attempts >= WEBHOOK_RETRY.maxAttempts;
    let secrets;
    try {
      secrets = secretsOf(box, endpoint, started).map((s) => s.secret);
    } catch (error) {
      if (error instanceof SecretKeyError) throw new JobError('deferred', 'hub_secret_key', error.message, { retryAfterMs: 600_000 });
      throw error;
    }
    let answer;
    try {
      answer = await request(await egressFor(db, session.integrations, endpoint.org_id), endpoint.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Zvit-Webhooks/1', ...signatureHeaders(secrets, delivery.id, new Date(started), delivery.body) },
        body: delivery.body,
        timeoutMs: TIMEOUT_MS,
      });
    } catch (error) {
      const refused = error instanceof EgressRefused;
      const failure: Failure = refused
        ? { code: 'address_refused', note: (error as Error).message }
        : { code: (error as EgressError).code === 'timeout' ? 'receiver_timeout' : 'receiver_unreachable', note: `No answer: ${(error as EgressError).message}` };
      await logAttempt(db, delivery.id, attempt, started, null, failure, now() - started, false, refused || last);
      if (refused) throw new JobError('permanent', failure.code, failure.note);
      throw new JobError('transient', failure.code, failure.note);
    }
    const took = now() - started;
    const snippet = answer.body.slice(0, 500);
    if (answer.status >= 200 && answer.status < 300) {
      await logAttempt(db, delivery.id, attempt, started, answer.status, null, took, true, false);
      return { status: answer.status };
    }
    if (answer.status === 410) {
      const reason = `The receiver answered 410 Gone on ${new Date(started).toISOString()}: it asked not to be sent more.`;
      await logAttempt(db, delivery.id, attempt, started, 410, { code: 'receiver_gone', note: reason }, took, false, true);
      await disableEndpoint(db, endpoint.id, reason, now());
      log.warn({ endpointId: endpoint.id, url: endpoint.url }, 'webhook endpoint answered 410 Gone: disabled');
      throw new JobError('permanent', 'receiver_gone', reason, { answer: snippet });
    }
    const redirect = answer.status >= 300 && answer.status < 400;
    const message = redirect ? `The receiver answered ${answer.status} (a redirect to ${String(answer.headers.location ?? '?')}); redirects are not followed — give the final address.` : `The receiver answered HTTP ${answer.status}.`;
    const code = redirect ? 'receiver_redirect' : 'receiver_status';
    await logAttempt(db, delivery.id, attempt, started, answer.status, { code, note: message }, took, false, last);
    const after = Number(answer.headers['retry-after']);
    const retryAfterMs = Number.isFinite(after) && after > 0 ? after * 1000 : answer.status === 502 || answer.status === 504 ? 30_000 : null;
    throw new JobError('transient', code, message, { answer: snippet, retryAfterMs });
  },
};
