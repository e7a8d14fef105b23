// API tokens for other systems (a PBX, 1C, a script) to put KPI actuals: made with a scope and a
// name, shown once, listed (never the token itself) with when they were last used, revoked.
import { useState, type FormEvent } from 'react';
import { ApiScopeSchema } from '../../../shared/integrations.ts';
import { icall, useIntegration } from '../../api/integrations.ts';
import { Loaded } from '../../components/bits.tsx';
import { CheckSet } from '../../components/CheckSet.tsx';
import { OnceSecret } from '../../components/OnceSecret.tsx';
import { useI18n } from '../../i18n/use-i18n.ts';
import { useAction, zone } from './bits.tsx';

type Scope = (typeof ApiScopeSchema.options)[number];

export function ApiTokens() {
  const i18n = useI18n();
  const state = useIntegration('apiTokens', {});
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Set<Scope>>(new Set(['kpi:write']));
  const [made, setMade] = useState<{ name: string; secret: string } | null>(null);
  const { run, view, busy } = useAction(i18n);
  async function create(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      const r = await icall('createApiToken', { body: { name: name.trim(), scopes: [...scopes] } });
      setMade({ name: r.token.name, secret: r.secret });
      setName('');
    }, i18n.t('tok.made'));
    state.reload();
  }
  return (
    <>
      <form className="card stack" onSubmit={(e) => void create(e)} aria-labelledby="tok-head">
        <h2 id="tok-head">{i18n.t('tok.create')}</h2>
        <p className="muted small">{i18n.t('tok.help')}</p>
        <label className="field">
          {i18n.t('tok.name')}
          <input type="text" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} placeholder={i18n.t('tok.namePlaceholder')} />
        </label>
        <fieldset>
          <legend>{i18n.t('tok.scopes')}</legend>
          <CheckSet options={ApiScopeSchema.options} checked={scopes} update={setScopes}>
            {(s) => (
              <>
                {i18n.t('tok.scope.kpiWrite')} <code>{s}</code>
              </>
            )}
          </CheckSet>
        </fieldset>
        <div className="toolbar">
          <button type="submit" className="primary" disabled={busy || !scopes.size}>
            {i18n.t('tok.createButton')}
          </button>
        </div>
        {view}
      </form>
      {made && <OnceSecret label={i18n.t('tok.tokenOf')} detail={made.name} secret={made.secret} testId="api-token" />}
      <Loaded state={state}>
        {({ tokens }) =>
          tokens.length === 0 ? (
            <p className="muted">{i18n.t('tok.none')}</p>
          ) : (
            <div className="card table-wrap">
              <table data-testid="tokens" className="stack-on-phone">
                <thead>
                  <tr>
                    <th scope="col">{i18n.t('tok.name')}</th>
                    <th scope="col">{i18n.t('tok.scopes')}</th>
                    <th scope="col">{i18n.t('tok.created')}</th>
                    <th scope="col">{i18n.t('tok.lastUsed')}</th>
                    <th scope="col">{i18n.t('tok.state')}</th>
                  </tr>
                </thead>
                <tbody>
                  {tokens.map((t) => (
                    <tr key={t.id} data-testid="token" className={t.revokedAt ? 'off-day' : ''}>
                      <th scope="row" data-verbatim>
                        {t.name}
                      </th>
                      <td data-label={i18n.t('tok.scopes')}>
                        {t.scopes.map((s) => (
                          <code key={s}>{s}</code>
                        ))}
                      </td>
                      <td data-label={i18n.t('tok.created')}>{i18n.dateTime(t.createdAt, zone())}</td>
                      <td data-label={i18n.t('tok.lastUsed')}>{t.lastUsedAt === null ? i18n.t('tok.never') : i18n.dateTime(t.lastUsedAt, zone())}</td>
                      <td data-label={i18n.t('tok.state')}>
                        {t.revokedAt !== null ? (
                          <span className="pill">{i18n.t('tok.revokedAt', { when: i18n.dateTime(t.revokedAt, zone()) })}</span>
                        ) : (
                          <button type="button" className="danger" aria-label={i18n.t('tok.revokeOne', { name: t.name })} onClick={() => void run(() => icall('revokeApiToken', { params: { tokenId: t.id } }), i18n.t('tok.revoked', { name: t.name })).then(state.reload)}>
                            {i18n.t('tok.revoke')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </>
  );
}
