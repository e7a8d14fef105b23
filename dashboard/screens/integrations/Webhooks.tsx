// Outgoing webhooks: add an endpoint (its whsec_ signing secret is shown once), the endpoints
// with their state (a receiver that answered 410 Gone turned its endpoint off, and says so), a
// test event, the delivery log with every attempt, and the private hosts webhooks may reach.
import { useEffect, useState, type FormEvent } from 'react';
import { WEBHOOK_EVENTS, type WebhookEndpoint, type WebhookEventType } from '../../../shared/integrations.ts';
import { icall, useIntegration } from '../../api/integrations.ts';
import { Loaded } from '../../components/bits.tsx';
import { CheckSet } from '../../components/CheckSet.tsx';
import { OnceSecret } from '../../components/OnceSecret.tsx';
import { useI18n, type I18n } from '../../i18n/use-i18n.ts';
import type { TextKey } from '../../i18n/types.ts';
import { failureText, HubNote, useAction, zone } from './bits.tsx';

const EVENT_KEYS: Record<string, TextKey> = {
  'report.submitted': 'wh.event.reportSubmitted',
  'report.reviewed': 'wh.event.reportReviewed',
  'plan.submitted': 'wh.event.planSubmitted',
  'day.closed': 'wh.event.dayClosed',
  'kpi.missed': 'wh.event.kpiMissed',
  'webhook.test': 'wh.event.test',
};

function eventName(i18n: I18n, type: string) {
  const key = EVENT_KEYS[type];
  return key ? i18n.t(key) : type;
}

export function Webhooks() {
  const i18n = useI18n();
  const state = useIntegration('webhooks', {});
  const [made, setMade] = useState<{ url: string; secret: string } | null>(null);
  return (
    <>
      <AddEndpoint onAdded={(url, secret) => (setMade({ url, secret }), state.reload())} />
      {made && <OnceSecret label={i18n.t('wh.secretOf')} detail={made.url} secret={made.secret} testId="webhook-secret" />}
      <Loaded state={state}>
        {({ endpoints }) =>
          endpoints.length === 0 ? (
            <p className="muted">{i18n.t('wh.none')}</p>
          ) : (
            <ul className="plain">
              {endpoints.map((e) => (
                <EndpointCard key={e.id} endpoint={e} reload={state.reload} onSecret={(secret) => setMade({ url: e.url, secret })} />
              ))}
            </ul>
          )
        }
      </Loaded>
      <AllowList />
    </>
  );
}

function AddEndpoint({ onAdded }: { onAdded: (url: string, secret: string) => void }) {
  const i18n = useI18n();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<Set<WebhookEventType>>(new Set(['report.submitted']));
  const { run, view, busy } = useAction(i18n);
  async function add(e: FormEvent) {
    e.preventDefault();
    if (!events.size) return;
    await run(async () => {
      const r = await icall('addWebhook', { body: { url: url.trim(), events: [...events], description } });
      onAdded(r.endpoint.url, r.secret);
      setUrl('');
      setDescription('');
    }, i18n.t('wh.added'));
  }
  return (
    <form className="card stack" onSubmit={(e) => void add(e)} aria-labelledby="wh-add-head">
      <h2 id="wh-add-head">{i18n.t('wh.add')}</h2>
      <p className="muted small">{i18n.t('wh.addHelp')}</p>
      <div className="form-grid wide">
        <label className="field">
          {i18n.t('wh.url')}
          <input type="url" required value={url} onChange={(e) => setUrl(e.target.value)} />
        </label>
        <label className="field">
          {i18n.t('wh.description')}
          <input type="text" maxLength={500} value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
      </div>
      <fieldset>
        <legend>{i18n.t('wh.events')}</legend>
        <CheckSet options={WEBHOOK_EVENTS} checked={events} update={setEvents}>
          {(ev) => (
            <>
              {eventName(i18n, ev)} <code>{ev}</code>
            </>
          )}
        </CheckSet>
        {!events.size && <p className="error">{i18n.t('wh.pickEvent')}</p>}
      </fieldset>
      <div className="toolbar">
        <button type="submit" className="primary" disabled={busy || !events.size}>
          {i18n.t('wh.addButton')}
        </button>
      </div>
      {view}
    </form>
  );
}

function EndpointCard({ endpoint: e, reload, onSecret }: { endpoint: WebhookEndpoint; reload: () => void; onSecret: (secret: string) => void }) {
  const i18n = useI18n();
  const { run, view, busy } = useAction(i18n);
  const [log, setLog] = useState(false);
  const [logNonce, setLogNonce] = useState(0);
  const gone = !e.enabled && (e.disabledReason ?? '').includes('410');
  const patch = (enabled: boolean) => void run(() => icall('updateWebhook', { params: { endpointId: e.id }, body: { enabled } }), i18n.t(enabled ? 'wh.enabled' : 'wh.disabled')).then(reload);
  return (
    <li className="card" data-testid="webhook">
      <div className="card-head">
        <h3 className="wrap-anywhere">
          <span data-verbatim>{e.url}</span>
        </h3>
        <span className={`pill ${e.enabled ? 'wh-on' : 'wh-off'}`} data-testid="webhook-state">
          {e.enabled ? i18n.t('wh.on') : i18n.t('wh.off')}
        </span>
      </div>
      {e.description && <p data-verbatim>{e.description}</p>}
      {!e.enabled && (
        <p className="warn-text" role="note" data-testid="webhook-disabled">
          {gone ? i18n.t('wh.gone', { when: e.disabledAt ? i18n.dateTime(e.disabledAt, zone()) : '—' }) : i18n.t('wh.offByAdmin')}
        </p>
      )}
      <p className="small">
        {i18n.t('wh.sends')} {e.events.map((ev) => eventName(i18n, ev)).join(', ')}
      </p>
      <p className="muted small">
        {i18n.t('wh.secrets')}{' '}
        {e.secrets.map((s) => (
          <code key={s.hint + s.createdAt}>{s.hint}</code>
        ))}
      </p>
      <div className="toolbar">
        {e.enabled && (
          <button type="button" className="primary" disabled={busy} onClick={() => void run(() => icall('testWebhook', { params: { endpointId: e.id } }), i18n.t('wh.testQueued')).then(() => setLogNonce((n) => n + 1))}>
            {i18n.t('wh.test')}
          </button>
        )}
        <button type="button" aria-expanded={log} onClick={() => setLog((x) => !x)}>
          {log ? i18n.t('wh.hideLog') : i18n.t('wh.showLog')}
        </button>
        {e.enabled ? (
          <button type="button" onClick={() => patch(false)}>
            {i18n.t('wh.turnOff')}
          </button>
        ) : (
          <button type="button" onClick={() => patch(true)}>
            {i18n.t('wh.turnOn')}
          </button>
        )}
        <button type="button" onClick={() => void run(async () => onSecret((await icall('rotateWebhookSecret', { params: { endpointId: e.id } })).secret), i18n.t('wh.rotated')).then(reload)}>
          {i18n.t('wh.rotate')}
        </button>
        <button type="button" className="danger" onClick={() => void run(() => icall('deleteWebhook', { params: { endpointId: e.id } }), i18n.t('wh.deleted')).then(reload)}>
          {i18n.t('wh.delete')}
        </button>
      </div>
      {view}
      {log && <DeliveryLog key={logNonce} endpointId={e.id} />}
    </li>
  );
}

/** Deliveries happen in the background: the open log reads again every few seconds. */
const LOG_EVERY_MS = 3000;

function DeliveryLog({ endpointId }: { endpointId: string }) {
  const i18n = useI18n();
  const state = useIntegration('webhookDeliveries', { params: { endpointId }, query: { limit: 50 } });
  const { reload } = state;
  useEffect(() => {
    const timer = setInterval(reload, LOG_EVERY_MS);
    return () => clearInterval(timer);
  }, [reload]);
  return (
    <section aria-label={i18n.t('wh.log')} data-testid="delivery-log">
      <div className="toolbar">
        <button type="button" onClick={state.reload}>
          {i18n.t('integ.refresh')}
        </button>
      </div>
      <Loaded state={state}>
        {({ deliveries }) =>
          deliveries.length === 0 ? (
            <p className="muted">{i18n.t('wh.noDeliveries')}</p>
          ) : (
            <div className="table-wrap">
              <table className="stack-on-phone">
                <thead>
                  <tr>
                    <th scope="col">{i18n.t('wh.when')}</th>
                    <th scope="col">{i18n.t('wh.event')}</th>
                    <th scope="col">{i18n.t('wh.state')}</th>
                    <th scope="col">{i18n.t('wh.attempts')}</th>
                    <th scope="col">{i18n.t('wh.answer')}</th>
                  </tr>
                </thead>
                <tbody>
                  {deliveries.map((d) => (
                    <tr key={d.id} data-testid="delivery">
                      <td data-label={i18n.t('wh.when')}>{i18n.dateTime(d.createdAt, zone())}</td>
                      <td data-label={i18n.t('wh.event')}>{eventName(i18n, d.eventType)}</td>
                      <td data-label={i18n.t('wh.state')}>
                        <span className={`pill delivery-${d.state}`}>{i18n.t(`wh.delivery.${d.state}`)}</span>
                      </td>
                      <td className="num" data-label={i18n.t('wh.attempts')}>
                        {d.attempts}
                      </td>
                      <td data-label={i18n.t('wh.answer')}>
                        {d.lastStatus !== null && <code>HTTP {d.lastStatus}</code>}
                        {(d.lastError !== null || d.lastErrorCode !== null) && <p data-testid="delivery-why">{failureText(i18n, d.lastErrorCode)}</p>}
                        {d.lastError && <HubNote note={d.lastError} />}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </section>
  );
}

function AllowList() {
  const i18n = useI18n();
  const state = useIntegration('integrationSettings', {});
  const { run, view, busy } = useAction(i18n);
  const [text, setText] = useState<string | null>(null);
  return (
    <Loaded state={state}>
      {(s) => {
        const value = text ?? s.webhookAllow.join(', ');
        return (
          <form
            className="card stack"
            aria-labelledby="wh-allow-head"
            onSubmit={(e) => {
              e.preventDefault();
              const list = value.split(/[,\s]+/).map((x) => x.trim()).filter(Boolean);
              void run(() => icall('setIntegrationSettings', { body: { webhookAllow: list } }), i18n.t('app.saved')).then((ok) => {
                if (ok) {
                  setText(null);
                  state.reload();
                }
              });
            }}
          >
            <h2 id="wh-allow-head">{i18n.t('wh.allow')}</h2>
            <p className="muted small">
              {i18n.t('wh.allowHelp')} {i18n.t('crm.example')} <code>erp.corp.local, 10.20.0.0/16</code>
            </p>
            <label className="field">
              {i18n.t('wh.allowField')}
              <input type="text" value={value} onChange={(e) => setText(e.target.value)} />
            </label>
            {s.webhookAllowFromEnvironment.length > 0 && (
              <p className="small">
                {i18n.t('wh.allowEnv')} <code>{s.webhookAllowFromEnvironment.join(', ')}</code>
              </p>
            )}
            <div className="toolbar">
              <button type="submit" disabled={busy}>
                {i18n.t('app.save')}
              </button>
            </div>
            {view}
          </form>
        );
      }}
    </Loaded>
  );
}
