// The organization's CRM: which one and how it is reached (Bitrix24 by an incoming webhook or a
// local application; amoCRM/Kommo by a long-lived token or OAuth), what is sent, a test that says
// what the credentials may do, and the people linked to CRM users. Saved credentials never come
// back from the hub: the screen shows that they are saved and the hint it recognises them by.
import { useState, type FormEvent } from 'react';
import type { Locale } from '../../../shared/locale.ts';
import type { Connector, ConnectorInput, ConnectorOptions, CrmKind } from '../../../shared/integrations.ts';
import { icall, useIntegration } from '../../api/integrations.ts';
import { Loaded } from '../../components/bits.tsx';
import { LocaleOptions } from '../../components/LanguagePicker.tsx';
import { useI18n, type I18n } from '../../i18n/use-i18n.ts';
import type { TextKey } from '../../i18n/types.ts';
import { useAction, zone } from './bits.tsx';
import { KpiSourcesEditor, LiveWithin, optionProblems } from './KpiSources.tsx';

type Auth = Connector['auth'];
/** What the address an admin pastes looks like, per CRM and method. */
const EXAMPLES: Record<CrmKind, Partial<Record<Auth, string>>> = {
  bitrix24: { webhook: 'https://company.bitrix24.ua/rest/1/abc123…/', oauth: 'https://company.bitrix24.ua' },
  amocrm: { token: 'https://company.amocrm.ru', oauth: 'https://company.amocrm.ru' },
};
const AUTHS: Record<CrmKind, Auth[]> = { bitrix24: ['webhook', 'oauth'], amocrm: ['token', 'oauth'] };

/** The hub names each capability in English; the screen says it in the admin's language. */
const CAPABILITY: Record<string, TextKey> = {
  users: 'crm.cap.users',
  'work day (timeman)': 'crm.cap.workday',
  'tasks and task time': 'crm.cap.taskTime',
  deals: 'crm.cap.deals',
  'activities (meetings)': 'crm.cap.activities',
  'call statistics': 'crm.cap.calls',
  'chat messages': 'crm.cap.chat',
  tasks: 'crm.cap.tasks',
  'events (calls)': 'crm.cap.events',
};

export function CrmScreen() {
  const i18n = useI18n();
  const state = useIntegration('connector', {});
  return (
    <Loaded state={state}>
      {({ connector }) => (
        <>
          {!connector && <p className="muted">{i18n.t('crm.none')}</p>}
          {connector && <ConnectorCard connector={connector} reload={state.reload} />}
          <ConnectorForm key={connector?.updatedAt ?? 'new'} connector={connector} onSaved={state.reload} />
          {connector && (connector.status === 'awaiting_install' || connector.status === 'disconnected' ? <p className="muted">{i18n.t('crm.peopleLater')}</p> : <People />)}
        </>
      )}
    </Loaded>
  );
}

function ConnectorCard({ connector: c, reload }: { connector: Connector; reload: () => void }) {
  const i18n = useI18n();
  const { run, view, busy } = useAction(i18n);
  const [confirming, setConfirming] = useState(false);
  const test = c.lastTest;
  return (
    <div className="card" data-testid="crm-connector">
      <div className="card-head">
        <h2>{i18n.t(`crm.kind.${c.kind}`)}</h2>
        <span className={`pill crm-${c.status}`} data-testid="crm-status">
          {i18n.t(`crm.status.${c.status}`)}
        </span>
      </div>
      <dl className="facts">
        <dt>{i18n.t('crm.address')}</dt>
        <dd data-verbatim>{c.address}</dd>
        <dt>{i18n.t('crm.auth')}</dt>
        <dd>{i18n.t(`crm.auth.${c.auth}`)}</dd>
        <dt>{i18n.t('crm.credentials')}</dt>
        <dd data-testid="crm-credentials">
          {c.credentials.set ? i18n.t('crm.credentialsSaved') : i18n.t('crm.credentialsMissing')} {c.credentials.hint && <code>{c.credentials.hint}</code>}
        </dd>
        <dt>{i18n.t('crm.queue')}</dt>
        <dd>{i18n.t('crm.queueCounts', { waiting: c.queue.waiting, dead: c.queue.dead })}</dd>
      </dl>
      {c.appUrls && (
        <div className="notice">
          <p>{i18n.t('crm.appUrls')}</p>
          <dl className="facts">
            <dt>{i18n.t('crm.handlerPath')}</dt>
            <dd>
              <code data-testid="app-handler-url">{c.appUrls.handler}</code>
            </dd>
            <dt>{i18n.t('crm.installPath')}</dt>
            <dd>
              <code data-testid="app-install-url">{c.appUrls.install}</code>
            </dd>
          </dl>
        </div>
      )}
      <div className="toolbar">
        <button type="button" className="primary" disabled={busy} onClick={() => void run(() => icall('testConnector', {}), i18n.t('crm.tested')).then(reload)}>
          {busy ? i18n.t('crm.testing') : i18n.t('crm.test')}
        </button>
        {!confirming ? (
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            {i18n.t('crm.disconnect')}
          </button>
        ) : (
          <>
            <span>{i18n.t('crm.disconnectSure')}</span>
            <button type="button" className="danger" onClick={() => void run(() => icall('deleteConnector', {}), i18n.t('crm.disconnected')).then(reload)}>
              {i18n.t('crm.disconnectYes')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {i18n.t('integ.cancel')}
            </button>
          </>
        )}
      </div>
      {view}
      {test && <TestResult test={test} />}
    </div>
  );
}

function TestResult({ test }: { test: NonNullable<Connector['lastTest']> }) {
  const i18n = useI18n();
  const missing = test.capabilities.filter((c) => !c.ok);
  const verdict = test.ok ? i18n.t('crm.testOk') : test.capabilities.length ? i18n.t('crm.testPartial', { n: missing.length }) : i18n.t('crm.testFailed');
  return (
    <section className="test-result" data-testid="crm-test" aria-labelledby="crm-test-head">
      <h3 id="crm-test-head">
        {i18n.t('crm.lastTest', { when: i18n.dateTime(test.at, zone()) })}
      </h3>
      <p className={test.ok ? 'ok-text' : 'error'}>{verdict}</p>
      {test.actingAs && <ActingAs text={test.actingAs} />}
      {test.capabilities.length > 0 && (
        <ul className="plain capabilities">
          {test.capabilities.map((c) => (
            <li key={c.name} className={c.ok ? 'ok-text' : 'error'}>
              <span aria-hidden="true">{c.ok ? '✓' : '✗'}</span> {CAPABILITY[c.name] ? i18n.t(CAPABILITY[c.name]!) : <span data-verbatim>{c.name}</span>}
              {' — '}
              {c.ok ? i18n.t('crm.capAllowed') : i18n.t('crm.capRefused')}
              {c.detail && (
                <>
                  {' '}
                  <code>{c.detail}</code>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {!test.ok && !test.capabilities.length && (
        <>
          {test.code && test.code !== 'ok' && test.code !== 'partial' && <p data-testid="crm-test-why">{i18n.t(`crm.testWhy.${test.code}`)}</p>}
          <p>
            {test.code === 'cannot_open' ? i18n.t('integ.hubSays') : i18n.t('crm.crmAnswer')} <code>{test.code ? (test.detail ?? test.message) : test.message}</code>
          </p>
        </>
      )}
    </section>
  );
}

/** The hub says who the credentials act as in English ("Olena (id 7), administrator"): said again in the admin's words. */
function ActingAs({ text }: { text: string }) {
  const i18n = useI18n();
  const m = /^(.*) \(id ([^)]*)\)(, administrator)?$/.exec(text);
  return (
    <p>
      {i18n.t('crm.actingAs')}{' '}
      {m ? (
        <>
          {i18n.t('crm.actingAsUser', { name: m[1]!, id: m[2]! })}
          {m[3] ? `, ${i18n.t('crm.portalAdmin')}` : ''}
        </>
      ) : (
        <span data-verbatim>{text}</span>
      )}
    </p>
  );
}

interface Draft {
  kind: CrmKind;
  auth: Auth;
  webhookUrl: string;
  address: string;
  clientId: string;
  clientSecret: string;
  code: string;
  redirectUri: string;
  token: string;
  options: ConnectorOptions;
}

const DEFAULT_OPTIONS: Record<CrmKind, ConnectorOptions> = {
  bitrix24: { sendWorkday: true, sendTaskTime: true, report: { to: 'message', chatId: null }, pullKpis: true, kpiSources: [], tasksEveryMinutes: 60, plan: 'standard', defaultLocale: 'uk', liveWithinMinutes: 5 },
  amocrm: { sendWorkday: false, sendTaskTime: false, report: { to: 'none' }, pullKpis: true, kpiSources: [], tasksEveryMinutes: 60, plan: 'standard', defaultLocale: 'uk', liveWithinMinutes: 5 },
};

function draftOf(c: Connector | null): Draft {
  const kind = c?.kind ?? 'bitrix24';
  return { kind, auth: c?.auth ?? 'webhook', webhookUrl: '', address: c && c.auth !== 'webhook' ? c.address : '', clientId: '', clientSecret: '', code: '', redirectUri: '', token: '', options: c?.options ?? DEFAULT_OPTIONS[kind] };
}

function ConnectorForm({ connector, onSaved }: { connector: Connector | null; onSaved: () => void }) {
  const i18n = useI18n();
  const [d, setD] = useState<Draft>(() => draftOf(connector));
  const { run, view, busy } = useAction(i18n);
  /** Problems are shown once the admin tried to save, then follow the draft as it is corrected. */
  const [tried, setTried] = useState(false);
  const set = (patch: Partial<Draft>) => setD((x) => ({ ...x, ...patch }));
  const setOption = (patch: Partial<ConnectorOptions>) => setD((x) => ({ ...x, options: { ...x.options, ...patch } }));
  const sameAsSaved = connector && connector.kind === d.kind && connector.auth === d.auth;
  const secretsGiven = d.auth === 'webhook' ? d.webhookUrl.trim() !== '' : d.auth === 'token' ? d.token.trim() !== '' : d.clientSecret.trim() !== '';
  // Saving only the options keeps the saved credentials; a change of CRM or method needs new ones.
  const keepCredentials = !!sameAsSaved && !secretsGiven;

  const chooseKind = (kind: CrmKind) => {
    if (kind === d.kind) return;
    set({ kind, auth: AUTHS[kind][0]!, options: connector?.kind === kind ? connector.options : DEFAULT_OPTIONS[kind] });
  };

  async function save(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (optionProblems(d.options, i18n).size) return;
    const input: ConnectorInput = { kind: d.kind, enabled: true, options: d.options };
    if (d.auth !== 'webhook' && d.address.trim()) input.address = d.address.trim();
    if (!keepCredentials) {
      if (d.auth === 'webhook') input.credentials = { auth: 'webhook', webhookUrl: d.webhookUrl.trim() };
      else if (d.auth === 'token') input.credentials = { auth: 'token', token: d.token.trim() };
      else
        input.credentials = {
          auth: 'oauth',
          clientId: d.clientId.trim(),
          clientSecret: d.clientSecret.trim(),
          ...(d.kind === 'amocrm' ? { code: d.code.trim(), redirectUri: d.redirectUri.trim() } : {}),
        };
    }
    const ok = await run(() => icall('saveConnector', { body: input }), i18n.t('crm.saved'));
    if (ok) {
      set({ webhookUrl: '', token: '', clientSecret: '', code: '' });
      onSaved();
    }
  }

  const o = d.options;
  const problems = tried ? optionProblems(o, i18n) : new Map<string, string>();
  const secretHint = sameAsSaved ? i18n.t('crm.keepSaved') : undefined;
  return (
    <form className="card stack" onSubmit={(e) => void save(e)} aria-labelledby="crm-form-head" data-testid="crm-form">
      <h2 id="crm-form-head">{connector ? i18n.t('crm.change') : i18n.t('crm.connect')}</h2>
      <fieldset>
        <legend>{i18n.t('crm.which')}</legend>
        {(['bitrix24', 'amocrm'] as const).map((k) => (
          <label key={k} className="check">
            <input type="radio" name="crm-kind" checked={d.kind === k} onChange={() => chooseKind(k)} />
            <span>{i18n.t(`crm.kind.${k}`)}</span>
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{i18n.t('crm.how')}</legend>
        {AUTHS[d.kind].map((a) => (
          <label key={a} className="check">
            <input type="radio" name="crm-auth" checked={d.auth === a} onChange={() => set({ auth: a })} />
            <span>{i18n.t(`crm.how.${d.kind}.${a}` as TextKey)}</span>
          </label>
        ))}
      </fieldset>
      <p className="muted small">
        {i18n.t(`crm.help.${d.kind}.${d.auth}` as TextKey)}
        {d.kind === 'bitrix24' && (
          <>
            {' '}
            {i18n.t('crm.scopes')} <code>user, timeman, task, im, crm, telephony</code>.
          </>
        )}{' '}
        {i18n.t('crm.example')} <code>{EXAMPLES[d.kind][d.auth]}</code>
      </p>

      <div className="form-grid wide">
        {d.auth === 'webhook' && (
          <label className="field span-all">
            {i18n.t('crm.webhookUrl')}
            <input type="text" autoComplete="off" spellCheck={false} value={d.webhookUrl} onChange={(e) => set({ webhookUrl: e.target.value })} placeholder={secretHint} required={!sameAsSaved} />
          </label>
        )}
        {d.auth !== 'webhook' && (
          <label className="field">
            {d.kind === 'bitrix24' ? i18n.t('crm.portal') : i18n.t('crm.account')}
            <input type="url" autoComplete="off" value={d.address} onChange={(e) => set({ address: e.target.value })} required />
          </label>
        )}
        {d.auth === 'token' && (
          <label className="field">
            {i18n.t('crm.token')}
            <input type="password" autoComplete="off" value={d.token} onChange={(e) => set({ token: e.target.value })} placeholder={secretHint} required={!sameAsSaved} />
          </label>
        )}
        {d.auth === 'oauth' && (
          <>
            <label className="field">
              {i18n.t('crm.clientId')}
              <input type="text" autoComplete="off" spellCheck={false} value={d.clientId} onChange={(e) => set({ clientId: e.target.value })} required={!keepCredentials} />
            </label>
            <label className="field">
              {i18n.t('crm.clientSecret')}
              <input type="password" autoComplete="off" value={d.clientSecret} onChange={(e) => set({ clientSecret: e.target.value })} placeholder={secretHint} required={!sameAsSaved} />
            </label>
          </>
        )}
        {d.auth === 'oauth' && d.kind === 'amocrm' && (
          <>
            <label className="field">
              {i18n.t('crm.code')}
              <input type="password" autoComplete="off" value={d.code} onChange={(e) => set({ code: e.target.value })} required={!keepCredentials} />
            </label>
            <label className="field">
              {i18n.t('crm.redirectUri')}
              <input type="url" autoComplete="off" value={d.redirectUri} onChange={(e) => set({ redirectUri: e.target.value })} required={!keepCredentials} />
            </label>
          </>
        )}
      </div>

      <fieldset>
        <legend>{i18n.t('crm.whatToSend')}</legend>
        {d.kind === 'bitrix24' && (
          <>
            <label className="check">
              <input type="checkbox" checked={o.sendWorkday} onChange={(e) => setOption({ sendWorkday: e.target.checked })} />
              <span>{i18n.t('crm.opt.workday')}</span>
            </label>
            <label className="check">
              <input type="checkbox" checked={o.sendTaskTime} onChange={(e) => setOption({ sendTaskTime: e.target.checked })} />
              <span>{i18n.t('crm.opt.taskTime')}</span>
            </label>
          </>
        )}
        <label className="check">
          <input type="checkbox" checked={o.pullKpis} onChange={(e) => setOption({ pullKpis: e.target.checked })} />
          <span>{i18n.t('crm.opt.kpis')}</span>
        </label>
      </fieldset>
      <div className="form-grid wide">
          <ReportTarget kind={d.kind} options={o} setOption={setOption} i18n={i18n} />
          <label className="field">
            {i18n.t('crm.opt.tasksEvery')}
            <input type="number" min={0} max={1440} value={o.tasksEveryMinutes} onChange={(e) => setOption({ tasksEveryMinutes: Math.max(0, Math.min(1440, Number(e.target.value) || 0)) })} />
          </label>
          {d.kind === 'bitrix24' && (
            <label className="field">
              {i18n.t('crm.opt.plan')}
              <select value={o.plan} onChange={(e) => setOption({ plan: e.target.value as ConnectorOptions['plan'] })}>
                <option value="standard">{i18n.t('crm.opt.plan.standard')}</option>
                <option value="enterprise">{i18n.t('crm.opt.plan.enterprise')}</option>
              </select>
            </label>
          )}
          <label className="field">
            {i18n.t('crm.opt.locale')}
            <select value={o.defaultLocale} onChange={(e) => setOption({ defaultLocale: e.target.value as Locale })}>
              <LocaleOptions />
            </select>
          </label>
          {d.kind === 'bitrix24' && <LiveWithin options={o} setOption={setOption} problems={problems} i18n={i18n} />}
      </div>
      {d.kind === 'bitrix24' && <KpiSourcesEditor options={o} setOption={setOption} problems={problems} i18n={i18n} />}
      <div className="toolbar">
        <button type="submit" className="primary" disabled={busy}>
          {connector ? i18n.t('crm.save') : i18n.t('crm.connectButton')}
        </button>
        {keepCredentials && <span className="muted small">{i18n.t('crm.keepsCredentials')}</span>}
        {problems.size > 0 && (
          <span className="error small" data-testid="options-invalid">
            {i18n.t('crm.optionsInvalid')}
          </span>
        )}
      </div>
      {view}
    </form>
  );
}

function ReportTarget({ kind, options: o, setOption, i18n }: { kind: CrmKind; options: ConnectorOptions; setOption: (p: Partial<ConnectorOptions>) => void; i18n: I18n }) {
  const r = o.report;
  const choices = kind === 'bitrix24' ? (['message', 'smart_process', 'none'] as const) : (['note', 'none'] as const);
  const pick = (to: string) => {
    if (to === 'message') setOption({ report: { to: 'message', chatId: null } });
    else if (to === 'smart_process') setOption({ report: { to: 'smart_process', entityTypeId: 128 } });
    else if (to === 'note') setOption({ report: { to: 'note', entityType: 'companies', entityId: 1 } });
    else setOption({ report: { to: 'none' } });
  };
  return (
    <>
      <label className="field">
        {i18n.t('crm.opt.report')}
        <select value={(choices as readonly string[]).includes(r.to) ? r.to : 'none'} onChange={(e) => pick(e.target.value)}>
          {choices.map((c) => (
            <option key={c} value={c}>
              {i18n.t(`crm.opt.report.${c}`)}
            </option>
          ))}
        </select>
      </label>
      {r.to === 'smart_process' && (
        <label className="field">
          {i18n.t('crm.opt.entityTypeId')}
          <input type="number" min={128} value={r.entityTypeId} onChange={(e) => setOption({ report: { to: 'smart_process', entityTypeId: Number(e.target.value) || 128 } })} />
        </label>
      )}
      {r.to === 'note' && (
        <>
          <label className="field">
            {i18n.t('crm.opt.noteOn')}
            <select value={r.entityType} onChange={(e) => setOption({ report: { ...r, entityType: e.target.value as typeof r.entityType } })}>
              {(['leads', 'contacts', 'companies'] as const).map((t) => (
                <option key={t} value={t}>
                  {i18n.t(`crm.opt.entity.${t}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            {i18n.t('crm.opt.entityId')}
            <input type="number" min={1} value={r.entityId} onChange={(e) => setOption({ report: { ...r, entityId: Number(e.target.value) || 1 } })} />
          </label>
        </>
      )}
    </>
  );
}

function People() {
  const i18n = useI18n();
  const state = useIntegration('crmUsers', {});
  const { run, view, busy } = useAction(i18n);
  return (
    <section className="card" aria-labelledby="crm-people-head" data-testid="crm-people">
      <div className="card-head">
        <h2 id="crm-people-head">{i18n.t('crm.people')}</h2>
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            void (async () => {
              let said = '';
              await run(async () => {
                const r = await icall('matchCrmUsers', {});
                said = r.unmatched.length ? i18n.t('crm.matchedSome', { n: r.matched, emails: r.unmatched.join(', ') }) : i18n.t('crm.matched', { n: r.matched });
              }, () => said);
              state.reload();
            })()
          }
        >
          {i18n.t('crm.match')}
        </button>
      </div>
      <p className="muted small">{i18n.t('crm.peopleHelp')}</p>
      {view}
      <Loaded state={state}>
        {({ users, crmUsers }) => (
          <div className="table-wrap">
            <table className="stack-on-phone">
              <thead>
                <tr>
                  <th scope="col">{i18n.t('crm.person')}</th>
                  <th scope="col">{i18n.t('crm.crmUser')}</th>
                  <th scope="col">{i18n.t('crm.linkedBy')}</th>
                  <th scope="col">{i18n.t('crm.reportLanguage')}</th>
                </tr>
              </thead>
              <tbody>
                {users.map((u) => {
                  const who = u.name || u.email;
                  return (
                  <tr key={u.userId} data-testid="crm-person">
                    <th scope="row">
                      <span data-verbatim>{who}</span>
                      {u.name && u.name !== u.email && (
                        <div className="muted small" data-verbatim>
                          {u.email}
                        </div>
                      )}
                    </th>
                    <td data-label={i18n.t('crm.crmUser')}>
                      <select
                        aria-label={i18n.t('crm.crmUserOf', { name: who })}
                        value={u.crmUserId ?? ''}
                        onChange={(e) => void run(() => icall('setCrmUser', { params: { userId: u.userId }, body: { crmUserId: e.target.value || null } }), i18n.t('crm.linkSaved', { name: who })).then(state.reload)}
                      >
                        <option value="">{i18n.t('crm.notLinked')}</option>
                        {u.crmUserId && !crmUsers.some((c) => c.id === u.crmUserId) && <option value={u.crmUserId}>{u.crmName ?? u.crmUserId}</option>}
                        {crmUsers.map((c) => (
                          <option key={c.id} value={c.id} data-verbatim>
                            {c.email ? `${c.name} (${c.email})` : c.name}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td data-label={i18n.t('crm.linkedBy')}>{u.source === 'email' ? i18n.t('crm.byEmail') : u.source === 'admin' ? i18n.t('crm.byAdmin') : '—'}</td>
                    <td data-label={i18n.t('crm.reportLanguage')}>
                      <select
                        aria-label={i18n.t('crm.languageOf', { name: who })}
                        value={u.locale ?? ''}
                        disabled={!u.crmUserId}
                        onChange={(e) => void run(() => icall('setCrmUser', { params: { userId: u.userId }, body: { crmUserId: u.crmUserId, locale: (e.target.value || null) as Locale | null } }), i18n.t('crm.linkSaved', { name: who })).then(state.reload)}
                      >
                        <option value="">{i18n.t('crm.defaultLanguage')}</option>
                        <LocaleOptions />
                      </select>
                    </td>
                  </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
    </section>
  );
}
