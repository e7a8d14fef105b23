// Admin: people (invite, name, role, team, deactivate), teams and their leads, enrollment codes
// (create, copy, expire), devices (last seen, agent version, clock offset, revoke) and each
// team's tracking policy with a preview of what a draft matches in last week's windows.
import { useState, type FormEvent, type ReactNode } from 'react';
import type { AdminUser, Me, PolicyPreview, Role, RouteOutput } from '../../shared/dashboard-api.ts';
import { ROLES } from '../../shared/dashboard-api.ts';
import { categoryName } from '../../shared/i18n/labels.ts';
import { ApiError, call } from '../api/client.ts';
import { useCall } from '../api/use-call.ts';
import { errorText, Loaded } from '../components/bits.tsx';
import { useI18n, type I18n } from '../i18n/use-i18n.ts';
import type { TextKey } from '../i18n/types.ts';
import { hrefOf } from '../stores/route.ts';
import { TeamPicker } from './Kpis.tsx';

const TABS = ['users', 'teams', 'codes', 'devices', 'policy'] as const;
type Tab = (typeof TABS)[number];

const zone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

function useAction(i18n: I18n) {
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const run = async (work: () => Promise<unknown>, ok: string) => {
    try {
      await work();
      setNote({ ok: true, text: ok });
      return true;
    } catch (err) {
      setNote({ ok: false, text: err instanceof ApiError ? errorText(i18n, err) : String(err) });
      return false;
    }
  };
  const view = note && (
    <p role={note.ok ? 'status' : 'alert'} className={note.ok ? 'ok-text' : 'error'}>
      {note.text}
    </p>
  );
  return { run, view, setNote };
}

export function Admin({ me, tab: raw }: { me: Me; tab?: string }) {
  const i18n = useI18n();
  const tab: Tab = (TABS as readonly string[]).includes(raw ?? '') ? (raw as Tab) : 'users';
  const isAdmin = me.role === 'admin';
  return (
    <section>
      <h1>{i18n.t('admin.title')}</h1>
      <nav className="tabs" aria-label={i18n.t('admin.sections')}>
        {TABS.map((t) => (
          <a key={t} href={hrefOf({ screen: 'admin', tab: t })} aria-current={tab === t ? 'page' : undefined}>
            {i18n.t(`admin.tab.${t}`)}
          </a>
        ))}
      </nav>
      {tab === 'users' && <Users isAdmin={isAdmin} />}
      {tab === 'teams' && <Teams isAdmin={isAdmin} />}
      {tab === 'codes' && <Codes />}
      {tab === 'devices' && <Devices />}
      {tab === 'policy' && <Policy isAdmin={isAdmin} me={me} />}
    </section>
  );
}

function Copyable({ text, label }: { text: string; label: string }) {
  const i18n = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <div className="copyable">
      <code data-testid="copyable">{text}</code>
      <button
        type="button"
        onClick={() => void navigator.clipboard?.writeText(text).then(() => setCopied(true), () => setCopied(false))}
        aria-label={`${i18n.t('admin.copy')}: ${label}`}
      >
        {copied ? i18n.t('admin.copied') : i18n.t('admin.copy')}
      </button>
    </div>
  );
}

function Users({ isAdmin }: { isAdmin: boolean }) {
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
      <Loaded state={state}>
        {(data) => (
          <div className="card table-wrap">
            <table data-testid="users">
              <thead>
                <tr>
                  <th scope="col">{i18n.t('admin.person')}</th>
                  <th scope="col">{i18n.t('admin.role')}</th>
                  <th scope="col">{i18n.t('admin.team')}</th>
                  <th scope="col">{i18n.t('admin.lastSeen')}</th>
                  <th scope="col">{i18n.t('admin.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {data.users.map((u) => (
                  <UserRow key={u.id} user={u} teams={teams} isAdmin={isAdmin} run={run} reload={state.reload} onCode={() => void makeCode(u)} onLink={(url) => setLink({ who: u.name, url })} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
    </>
  );
}

function UserRow(props: {
  user: AdminUser;
  teams: RouteOutput<'teams'>['teams'];
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
      <td>
        {isAdmin ? (
          <select aria-label={i18n.t('admin.roleOf', { name: u.name })} value={u.role} onChange={(e) => update({ role: e.target.value as Role })}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {i18n.t(`role.${r}`)}
              </option>
            ))}
          </select>
        ) : (
          i18n.t(`role.${u.role}`)
        )}
      </td>
      <td>
        {isAdmin ? (
          <select aria-label={i18n.t('admin.teamOf', { name: u.name })} value={u.teamId ?? ''} onChange={(e) => update({ teamId: e.target.value || null })}>
            <option value="">—</option>
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        ) : (
          (u.teamName ?? '—')
        )}
      </td>
      <td className="small">
        {u.lastSeenAt === null ? '—' : i18n.dateTime(u.lastSeenAt, zone())}
        <div className="muted">{i18n.p('plural.devices', u.devices)}</div>
      </td>
      <td className="row-actions">
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
      </td>
    </tr>
  );
}

function InviteForm({ teams, onInvited }: { teams: RouteOutput<'teams'>['teams']; onInvited: (who: string, url: string) => void }) {
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
        <label className="field">
          <span>{i18n.t('signIn.email')}</span>
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </label>
        <label className="field">
          <span>{i18n.t('account.name')}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
        </label>
        <label className="field">
          <span>{i18n.t('admin.role')}</span>
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {i18n.t(`role.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{i18n.t('admin.team')}</span>
          <select value={teamId} onChange={(e) => setTeamId(e.target.value)}>
            <option value="">—</option>
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary">
          {i18n.t('admin.sendInvite')}
        </button>
      </form>
      {view}
    </details>
  );
}

function Teams({ isAdmin }: { isAdmin: boolean }) {
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

function Codes() {
  const i18n = useI18n();
  const state = useCall('enrollmentCodes', { query: { includeInactive: 'true' } });
  const { run, view } = useAction(i18n);
  return (
    <>
      <p className="muted">{i18n.t('admin.codesNote')}</p>
      {view}
      <Loaded state={state}>
        {(data) =>
          data.codes.length === 0 ? (
            <p className="muted">{i18n.t('admin.noCodes')}</p>
          ) : (
            <div className="card table-wrap">
              <table data-testid="codes">
                <thead>
                  <tr>
                    <th scope="col">{i18n.t('admin.person')}</th>
                    <th scope="col">{i18n.t('admin.code')}</th>
                    <th scope="col">{i18n.t('admin.uses')}</th>
                    <th scope="col">{i18n.t('admin.expires')}</th>
                    <th scope="col">{i18n.t('admin.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.codes.map((c) => (
                    <tr key={c.id} className={c.state === 'active' ? '' : 'off-day'}>
                      <th scope="row">{c.user.name}</th>
                      <td>
                        <code>…{c.hint}</code> <span className="pill">{i18n.t(`codeState.${c.state}`)}</span>
                      </td>
                      <td>{i18n.t('admin.usesOf', { used: c.uses, left: c.usesLeft })}</td>
                      <td>{i18n.dateTime(c.expiresAt, zone())}</td>
                      <td>
                        {c.state === 'active' && (
                          <button type="button" aria-label={i18n.t('admin.expireFor', { name: c.user.name, hint: c.hint })} onClick={() => void run(() => call('expireEnrollmentCode', { params: { codeId: c.id } }), i18n.t('app.saved')).then(state.reload)}>
                            {i18n.t('admin.expire')}
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

function Devices() {
  const i18n = useI18n();
  const state = useCall('devices', { query: {} });
  const { run, view } = useAction(i18n);
  return (
    <>
      {view}
      <Loaded state={state}>
        {(data) =>
          data.devices.length === 0 ? (
            <p className="muted">{i18n.t('admin.noDevices')}</p>
          ) : (
            <div className="card table-wrap">
              <table data-testid="devices">
                <thead>
                  <tr>
                    <th scope="col">{i18n.t('admin.device')}</th>
                    <th scope="col">{i18n.t('admin.person')}</th>
                    <th scope="col">{i18n.t('admin.lastSeen')}</th>
                    <th scope="col">{i18n.t('admin.version')}</th>
                    <th scope="col" className="num">{i18n.t('admin.clockOffset')}</th>
                    <th scope="col">{i18n.t('admin.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.devices.map((d) => (
                    <tr key={d.id} className={d.revokedAt ? 'off-day' : ''}>
                      <th scope="row">{d.name}</th>
                      <td>{d.user.name}</td>
                      <td>{d.lastSeenAt === null ? '—' : i18n.dateTime(d.lastSeenAt, zone())}</td>
                      <td>{d.agentVersion ?? '—'}</td>
                      <td className={`num${d.clockOffsetMs !== null && Math.abs(d.clockOffsetMs) > 60_000 ? ' bad-text' : ''}`}>
                        {d.clockOffsetMs === null ? '—' : i18n.t('admin.seconds', { n: i18n.number(Math.round(d.clockOffsetMs / 100) / 10) })}
                      </td>
                      <td>
                        {d.revokedAt ? (
                          <span className="pill">{i18n.t('admin.revoked')}</span>
                        ) : (
                          <button
                            type="button"
                            className="danger"
                            aria-label={i18n.t('admin.revokeFor', { name: d.name, person: d.user.name })}
                            onClick={() => {
                              if (confirm(i18n.t('admin.revokeConfirm', { name: d.name }))) void run(() => call('revokeDevice', { params: { deviceId: d.id } }), i18n.t('app.saved')).then(state.reload);
                            }}
                          >
                            {i18n.t('admin.revoke')}
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

function Policy({ isAdmin, me }: { isAdmin: boolean; me: Me }) {
  const i18n = useI18n();
  const [teamId, setTeamId] = useState<string | null>(me.ledTeams[0] ?? null);
  const state = useCall('teamSettings', teamId ? { params: { teamId } } : null, false);
  return (
    <>
      <TeamPicker value={teamId} onChange={setTeamId} />
      {teamId && <Loaded state={state}>{(data) => <PolicyForm key={`${teamId}`} settings={data} isAdmin={isAdmin} reload={state.reload} />}</Loaded>}
      {!isAdmin && <p className="muted small">{i18n.t('policy.adminOnly')}</p>}
    </>
  );
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

function PolicyForm({ settings, isAdmin, reload }: { settings: RouteOutput<'teamSettings'>; isAdmin: boolean; reload: () => void }) {
  const i18n = useI18n();
  const p = settings.policy;
  const [idleMin, setIdleMin] = useState(String(Math.round(p.idleThresholdSec / 60)));
  const [dayStart, setDayStart] = useState(p.dayStart);
  const [capture, setCapture] = useState(p.titles.capture);
  const [start, setStart] = useState(p.schedule.start);
  const [end, setEnd] = useState(p.schedule.end);
  const [days, setDays] = useState<number[]>(p.schedule.days);
  const [rules, setRules] = useState(JSON.stringify({ excludedApps: p.excludedApps, categories: p.categories, redact: p.titles.redact }, null, 2));
  const [preview, setPreview] = useState<PolicyPreview | null>(null);
  const { run, view, setNote } = useAction(i18n);

  function draft(): Record<string, unknown> | null {
    let advanced: { excludedApps?: unknown; categories?: unknown; redact?: unknown };
    try {
      advanced = JSON.parse(rules) as typeof advanced;
    } catch {
      setNote({ ok: false, text: i18n.t('policy.badRules') });
      return null;
    }
    return {
      idleThresholdSec: Math.round(Number(idleMin) * 60),
      dayStart,
      titles: { capture, redact: advanced.redact ?? [] },
      schedule: { start, end, days: [...days].sort() },
      excludedApps: advanced.excludedApps ?? [],
      categories: advanced.categories ?? [],
    };
  }

  const fields: [TextKey, ReactNode][] = [
    ['policy.idle', <input type="number" min={1} max={120} value={idleMin} onChange={(e) => setIdleMin(e.target.value)} disabled={!isAdmin} />],
    ['policy.dayStart', <input type="time" value={dayStart} onChange={(e) => setDayStart(e.target.value)} disabled={!isAdmin} />],
    ['policy.scheduleStart', <input type="time" value={start} onChange={(e) => setStart(e.target.value)} disabled={!isAdmin} />],
    ['policy.scheduleEnd', <input type="time" value={end} onChange={(e) => setEnd(e.target.value)} disabled={!isAdmin} />],
    [
      'policy.titles',
      <select value={capture} onChange={(e) => setCapture(e.target.value as typeof capture)} disabled={!isAdmin}>
        {(['full', 'redacted', 'off'] as const).map((c) => (
          <option key={c} value={c}>
            {i18n.t(`policy.capture.${c}`)}
          </option>
        ))}
      </select>,
    ],
  ];

  return (
    <form
      className="card stack"
      onSubmit={(e) => {
        e.preventDefault();
        const d = draft();
        if (d) void run(() => call('setPolicy', { params: { teamId: settings.team.id }, body: d }), i18n.t('app.saved')).then((ok) => ok && reload());
      }}
    >
      <h2>{i18n.t('policy.title', { team: settings.team.name })}</h2>
      <div className="form-grid">
        {fields.map(([key, input]) => (
          <label key={key} className="field">
            <span>{i18n.t(key)}</span>
            {input}
          </label>
        ))}
      </div>
      <fieldset className="weekdays">
        <legend>{i18n.t('policy.days')}</legend>
        {WEEKDAYS.map((d) => (
          <label key={d} className="check">
            <input type="checkbox" disabled={!isAdmin} checked={days.includes(d)} onChange={(e) => setDays(e.target.checked ? [...days, d] : days.filter((x) => x !== d))} />
            <span>{i18n.weekday(d)}</span>
          </label>
        ))}
      </fieldset>
      <label className="field">
        <span>{i18n.t('policy.rules')}</span>
        <textarea className="mono" rows={8} value={rules} onChange={(e) => setRules(e.target.value)} disabled={!isAdmin} spellCheck={false} />
      </label>
      <p className="muted small">{i18n.t('policy.rulesNote')}</p>
      {isAdmin && (
        <div className="actions">
          <button
            type="button"
            onClick={() => {
              const d = draft();
              if (d) void run(async () => setPreview(await call('previewPolicy', { params: { teamId: settings.team.id }, body: { policy: d } })), i18n.t('policy.previewed'));
            }}
          >
            {i18n.t('policy.preview')}
          </button>
          <button type="submit" className="primary">
            {i18n.t('app.save')}
          </button>
        </div>
      )}
      {view}
      {preview && <PreviewView preview={preview} />}
    </form>
  );
}

function PreviewView({ preview }: { preview: PolicyPreview }) {
  const i18n = useI18n();
  return (
    <div className="preview" data-testid="policy-preview">
      <h3>{i18n.t('policy.previewTitle')}</h3>
      <p>{i18n.t('policy.previewTotal', { spans: i18n.number(preview.spans), time: i18n.duration(preview.totalMs) })}</p>
      <p>{i18n.t('policy.previewExcluded', { spans: i18n.number(preview.excluded.spans), time: i18n.duration(preview.excluded.ms) })}</p>
      {preview.rules.length > 0 && (
        <ul className="plain">
          {preview.rules.map((r) => (
            <li key={r.index}>
              {i18n.t('policy.previewRule', { n: r.index + 1, category: categoryName(i18n, r.category), spans: i18n.number(r.spans), time: i18n.duration(r.ms) })}
            </li>
          ))}
        </ul>
      )}
      {preview.categories.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{i18n.t('day.categories')}</th>
                <th scope="col" className="num">{i18n.t('policy.recorded')}</th>
                <th scope="col" className="num">{i18n.t('policy.draft')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.categories.map((c) => (
                <tr key={`${c.category}-${c.productivity}`}>
                  <th scope="row">{categoryName(i18n, c.category)}</th>
                  <td className="num">{i18n.duration(c.recordedMs)}</td>
                  <td className="num">{i18n.duration(c.draftMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {preview.redactions.map((r) => (
        <p key={r.index} className="small">
          {i18n.t('policy.previewRedaction', { n: r.index + 1, titles: i18n.number(r.titles) })}
        </p>
      ))}
    </div>
  );
}
