// People: invite (a link the admin hands over), role, team, an agent enrollment code, a new link
// for who has not set a password yet, deactivate (keeps the data, signs them out, refuses their
// devices) and reactivate.
import { useState, type FormEvent } from 'react';
import type { AdminUser, Role, RouteOutput } from '../../../shared/dashboard-api.ts';
import { ROLES } from '../../../shared/dashboard-api.ts';
import { call } from '../../api/client.ts';
import { useCall } from '../../api/use-call.ts';
import { useAction } from '../../components/action.tsx';
import { browserZone, Field } from '../../components/bits.tsx';
import { Copyable } from '../../components/OnceSecret.tsx';
import { useI18n } from '../../i18n/use-i18n.ts';
import { ListTable } from './ListTable.tsx';

type Teams = RouteOutput<'teams'>['teams'];

export function Users({ isAdmin }: { isAdmin: boolean }) {
  const i18n = useI18n();
  const [showAll, setShowAll] = useState(false);
  const state = useCall('users', { query: { includeDeactivated: showAll ? 'true' : 'false' } });
  const teams = useCall('teams', {}, false).data?.teams ?? [];
  const { run, view } = useAction(i18n);
  const [link, setLink] = useState<{ who: string; url: string } | null>(null);
  const [code, setCode] = useState<{ who: string; code: string } | null>(null);

  async function makeCode(u: AdminUser) {
    await run(async () => {
      const made = await call('createEnrollmentCode', { params: { userId: u.id }, body: {} });
      setCode({ who: u.name, code: made.code });
    }, i18n.t('admin.codeMade'));
  }

  return (
    <>
      {isAdmin && <InviteForm teams={teams} onInvited={(who, url) => (setLink({ who, url }), state.reload())} />}
      {link && (
        <div className="notice" role="status">
          <p>{i18n.t('admin.inviteLink', { name: link.who })}</p>
          <Copyable text={link.url} label={link.who} />
        </div>
      )}
      {code && (
        <div className="notice" role="status">
          <p>{i18n.t('admin.codeOnce', { name: code.who })}</p>
          <Copyable text={code.code} label={code.who} />
        </div>
      )}
      {view}
      <label className="check">
        <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} />
        <span>{i18n.t('admin.showDeactivated')}</span>
      </label>
      <ListTable
        state={state}
        items={(d) => d.users}
        testId="users"
        stackOnPhone
        columns={[{ label: i18n.t('admin.person') }, { label: i18n.t('admin.role') }, { label: i18n.t('admin.team') }, { label: i18n.t('admin.lastSeen') }, { label: i18n.t('admin.actions') }]}
        row={(u) => <UserRow key={u.id} user={u} teams={teams} isAdmin={isAdmin} run={run} reload={state.reload} onCode={() => void makeCode(u)} onLink={(url) => setLink({ who: u.name, url })} />}
      />
    </>
  );
}

function UserRow(props: {
  user: AdminUser;
  teams: Teams;
  isAdmin: boolean;
  run: (work: () => Promise<unknown>, ok: string) => Promise<boolean>;
  reload: () => void;
  onCode: () => void;
  onLink: (url: string) => void;
}) {
  const { user: u, teams, isAdmin, run, reload } = props;
  const i18n = useI18n();
  const status = !u.active ? i18n.t('admin.deactivated') : !u.hasPassword ? i18n.t('admin.invited') : null;
  const update = (body: { role?: Role; teamId?: string | null }) => void run(() => call('updateUser', { params: { userId: u.id }, body }), i18n.t('app.saved')).then(reload);
  return (
    <tr className={u.active ? '' : 'off-day'}>
      <th scope="row">
        {u.name}
        <div className="muted small">{u.email}</div>
        {status && <span className="pill">{status}</span>}
      </th>
      <td data-label={i18n.t('admin.role')}>
        {isAdmin ? (
          <select aria-label={i18n.t('admin.roleOf', { name: u.name })} value={u.role} onChange={(e) => update({ role: e.target.value as Role })}>
            <RoleOptions />
          </select>
        ) : (
          i18n.t(`role.${u.role}`)
        )}
      </td>
      <td data-label={i18n.t('admin.team')}>
        {isAdmin ? (
          <select aria-label={i18n.t('admin.teamOf', { name: u.name })} value={u.teamId ?? ''} onChange={(e) => update({ teamId: e.target.value || null })}>
            <TeamOptions teams={teams} />
          </select>
        ) : (
          (u.teamName ?? '—')
        )}
      </td>
      <td className="small" data-label={i18n.t('admin.lastSeen')}>
        {u.lastSeenAt === null ? '—' : i18n.dateTime(u.lastSeenAt, browserZone())}
        <div className="muted">{i18n.p('plural.devices', u.devices)}</div>
      </td>
      <td className="row-actions">
        <div>
          {u.active && (
            <button type="button" onClick={props.onCode} aria-label={i18n.t('admin.makeCodeFor', { name: u.name })}>
              {i18n.t('admin.makeCode')}
            </button>
          )}
          {isAdmin && u.active && !u.hasPassword && (
            <button
              type="button"
              aria-label={i18n.t('admin.reinviteFor', { name: u.name })}
              onClick={() => void run(async () => props.onLink((await call('reinvite', { params: { userId: u.id } })).invite.url), i18n.t('admin.linkMade'))}
            >
              {i18n.t('admin.reinvite')}
            </button>
          )}
          {isAdmin &&
            (u.active ? (
              <button
                type="button"
                className="danger"
                aria-label={i18n.t('admin.deactivateFor', { name: u.name })}
                onClick={() => {
                  if (confirm(i18n.t('admin.deactivateConfirm', { name: u.name }))) void run(() => call('deactivate', { params: { userId: u.id } }), i18n.t('app.saved')).then(reload);
                }}
              >
                {i18n.t('admin.deactivate')}
              </button>
            ) : (
              <button type="button" aria-label={i18n.t('admin.reactivateFor', { name: u.name })} onClick={() => void run(() => call('reactivate', { params: { userId: u.id } }), i18n.t('app.saved')).then(reload)}>
                {i18n.t('admin.reactivate')}
              </button>
            ))}
        </div>
      </td>
    </tr>
  );
}

function InviteForm({ teams, onInvited }: { teams: Teams; onInvited: (who: string, url: string) => void }) {
  const i18n = useI18n();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('manager');
  const [teamId, setTeamId] = useState('');
  const { run, view } = useAction(i18n);
  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      const out = await call('invite', { body: { email: email.trim(), name: name.trim(), role, teamId: teamId || null } });
      onInvited(out.user.name, out.invite.url);
      setEmail('');
      setName('');
    }, i18n.t('admin.invited'));
  }
  return (
    <details className="card">
      <summary>{i18n.t('admin.invite')}</summary>
      <form onSubmit={(e) => void submit(e)} className="form-grid">
        <Field label={i18n.t('signIn.email')}>
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </Field>
        <Field label={i18n.t('account.name')}>
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
        </Field>
        <Field label={i18n.t('admin.role')}>
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <RoleOptions />
          </select>
        </Field>
        <Field label={i18n.t('admin.team')}>
          <select value={teamId} onChange={(e) => setTeamId(e.target.value)}>
            <TeamOptions teams={teams} />
          </select>
        </Field>
        <button type="submit" className="primary">
          {i18n.t('admin.sendInvite')}
        </button>
      </form>
      {view}
    </details>
  );
}

function RoleOptions() {
  const i18n = useI18n();
  return ROLES.map((r) => (
    <option key={r} value={r}>
      {i18n.t(`role.${r}`)}
    </option>
  ));
}

/** The teams, after "no team". */
function TeamOptions({ teams }: { teams: Teams }) {
  return (
    <>
      <option value="">—</option>
      {teams.map((t) => (
        <option key={t.id} value={t.id}>
          {t.name}
        </option>
      ))}
    </>
  );
}
