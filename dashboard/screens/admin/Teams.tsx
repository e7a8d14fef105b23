// Teams and their leads: create a team, add or remove a lead.
import { useState } from 'react';
import { call } from '../../api/client.ts';
import { useCall } from '../../api/use-call.ts';
import { useAction } from '../../components/action.tsx';
import { Loaded } from '../../components/bits.tsx';
import { useI18n } from '../../i18n/use-i18n.ts';

export function Teams({ isAdmin }: { isAdmin: boolean }) {
  const i18n = useI18n();
  const state = useCall('teams', {});
  const leads = (useCall('users', isAdmin ? { query: {} } : null, false).data?.users ?? []).filter((u) => u.role === 'lead' && u.active);
  const [name, setName] = useState('');
  const { run, view } = useAction(i18n);
  return (
    <>
      {isAdmin && (
        <form
          className="toolbar"
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => call('createTeam', { body: { name: name.trim() } }), i18n.t('app.saved')).then((ok) => ok && (setName(''), state.reload()));
          }}
        >
          <label className="inline-field">
            <span>{i18n.t('admin.newTeam')}</span>
            <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
          </label>
          <button type="submit">{i18n.t('admin.createTeam')}</button>
        </form>
      )}
      {view}
      <Loaded state={state}>
        {(data) => (
          <ul className="team-list">
            {data.teams.map((t) => (
              <li key={t.id} className="card">
                <h2>{t.name}</h2>
                <p className="muted small">
                  {i18n.p('plural.members', t.memberCount)} · {t.leaderboardNamed ? i18n.t('board.namedShort') : i18n.t('board.anonymousShort')}
                </p>
                <ul className="plain">
                  {t.leads.map((l) => (
                    <li key={l.id}>
                      {l.name}{' '}
                      {isAdmin && (
                        <button
                          type="button"
                          className="link"
                          aria-label={i18n.t('admin.removeLeadFor', { name: l.name, team: t.name })}
                          onClick={() => void run(() => call('removeLead', { params: { teamId: t.id, userId: l.id } }), i18n.t('app.saved')).then(state.reload)}
                        >
                          {i18n.t('admin.removeLead')}
                        </button>
                      )}
                    </li>
                  ))}
                  {t.leads.length === 0 && <li className="muted">{i18n.t('admin.noLeads')}</li>}
                </ul>
                {isAdmin && leads.length > 0 && (
                  <select
                    aria-label={i18n.t('admin.addLeadTo', { team: t.name })}
                    value=""
                    onChange={(e) => e.target.value && void run(() => call('addLead', { params: { teamId: t.id }, body: { userId: e.target.value } }), i18n.t('app.saved')).then(state.reload)}
                  >
                    <option value="">{i18n.t('admin.addLead')}</option>
                    {leads
                      .filter((l) => !t.leads.some((x) => x.id === l.id))
                      .map((l) => (
                        <option key={l.id} value={l.id}>
                          {l.name}
                        </option>
                      ))}
                  </select>
                )}
              </li>
            ))}
          </ul>
        )}
      </Loaded>
    </>
  );
}

