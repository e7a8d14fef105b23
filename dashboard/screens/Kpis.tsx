// KPIs: the targets editor (per team or per manager, per day or per month, for the built-in
// KPIs and the team's own), plan against fact by day, week, month or quarter, and the misses by
// reason.
import { useEffect, useState, type FormEvent } from 'react';
import type { Me, PeriodKind, RouteOutput } from '../../shared/dashboard-api.ts';
import type { KpiDefinition } from '../../shared/kpi.ts';
import type { KpiTarget } from '../../shared/sync.ts';
import { addDays } from '../../shared/time.ts';
import { call } from '../api/client.ts';
import { useAction } from '../components/action.tsx';
import { useCall } from '../api/use-call.ts';
import { Loaded, today } from '../components/bits.tsx';
import { useI18n, type I18n } from '../i18n/use-i18n.ts';
import { PeriodPicker, TeamPicker } from '../components/pickers.tsx';

const CURRENCY = 'UAH';

export function Kpis({ me }: { me: Me }) {
  const i18n = useI18n();
  const [teamId, setTeamId] = useState<string | null>(me.ledTeams[0] ?? null);
  // Saved targets change the progress above the editor: it is asked for again after each save.
  const [saves, setSaves] = useState(0);
  const [period, setPeriod] = useState<PeriodKind>('month');
  return (
    <section>
      <div className="screen-head">
        <h1>{i18n.t('kpis.title')}</h1>
        <TeamPicker value={teamId} onChange={setTeamId} />
      </div>
      {teamId && <Progress key={saves} teamId={teamId} period={period} onPeriod={setPeriod} />}
      {teamId && <TargetsEditor teamId={teamId} onSaved={() => setSaves((n) => n + 1)} />}
      {teamId && <Misses teamId={teamId} />}
    </section>
  );
}

function kpiName(i18n: I18n, kpis: readonly KpiDefinition[], key: string): string {
  return kpis.find((k) => k.key === key)?.names[i18n.locale] ?? key;
}

function Progress({ teamId, period, onPeriod }: { teamId: string; period: PeriodKind; onPeriod: (p: PeriodKind) => void }) {
  const i18n = useI18n();
  const state = useCall('kpiProgress', { query: { teamId, period } });
  return (
    <div className="card">
      <div className="card-head">
        <h2>{i18n.t('kpis.progress')}</h2>
        <PeriodPicker value={period} onChange={onPeriod} />
      </div>
      <Loaded state={state}>
        {(data) => (
          <>
            <p className="muted small">
              {i18n.date(data.period.from, false)} – {i18n.date(data.period.to, false)}
            </p>
            {data.total.length === 0 ? (
              <p className="muted">{i18n.t('kpis.noProgress')}</p>
            ) : (
              <div className="table-wrap">
                <table data-testid="kpi-progress">
                  <thead>
                    <tr>
                      <th scope="col">{i18n.t('plan.kpiName')}</th>
                      <th scope="col" className="num">{i18n.t('day.actual')}</th>
                      <th scope="col" className="num">{i18n.t('day.target')}</th>
                      <th scope="col" className="num">{i18n.t('kpis.remaining')}</th>
                      <th scope="col" className="num">{i18n.t('kpis.pace')}</th>
                      <th scope="col">{i18n.t('kpis.status')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.total.map((row) => {
                      const unit = data.kpis.find((k) => k.key === row.key)?.unit ?? 'count';
                      const v = (n: number | null) => (n === null ? '—' : i18n.kpi(Math.round(n * 100) / 100, unit, CURRENCY));
                      return (
                        <tr key={row.key}>
                          <th scope="row">{kpiName(i18n, data.kpis, row.key)}</th>
                          <td className="num">{v(row.fact)}</td>
                          <td className="num">{v(row.target)}</td>
                          <td className="num">{v(row.remaining)}</td>
                          <td className="num">{v(row.requiredPace)}</td>
                          <td>
                            <span className={`pill status-${row.status}`}>{i18n.t(`kpis.status.${row.status}`)}</span>
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </Loaded>
    </div>
  );
}

type Draft = Record<string, { day: string; month: string }>;

function toDraft(targets: readonly KpiTarget[] | null): Draft {
  const draft: Draft = {};
  for (const t of targets ?? []) {
    draft[t.key] ??= { day: '', month: '' };
    draft[t.key]![t.period] = String(t.value);
  }
  return draft;
}

function fromDraft(draft: Draft): KpiTarget[] | null {
  const out: KpiTarget[] = [];
  for (const [key, v] of Object.entries(draft)) {
    for (const period of ['day', 'month'] as const) {
      const raw = v[period].trim().replace(',', '.');
      if (raw === '') continue;
      const value = Number(raw);
      if (!Number.isFinite(value) || value < 0) return null;
      out.push({ key, period, value });
    }
  }
  return out;
}

function TargetsEditor({ teamId, onSaved }: { teamId: string; onSaved: () => void }) {
  const i18n = useI18n();
  const state = useCall('teamKpis', { params: { teamId } }, false);
  return (
    <div className="card">
      <h2>{i18n.t('kpis.targets')}</h2>
      <Loaded state={state}>{(data) => <TargetsForm key={teamId} data={data} reload={() => (state.reload(), onSaved())} />}</Loaded>
    </div>
  );
}

function TargetsForm({ data, reload }: { data: RouteOutput<'teamKpis'>; reload: () => void }) {
  const i18n = useI18n();
  const [scope, setScope] = useState<string>('team');
  const member = data.members.find((m) => m.user.id === scope);
  const source = scope === 'team' ? data.targets : (member?.targets ?? null);
  const [draft, setDraft] = useState<Draft>(() => toDraft(data.targets));
  const { run, view, setNote } = useAction(i18n, { inline: true });
  const [own, setOwn] = useState<KpiDefinition[]>(data.own);
  // The draft follows the scope and the saved data; the note only the scope (a save reloads the
  // data, and its "saved" must stay in view).
  useEffect(() => setDraft(toDraft(source)), [scope, data]);
  useEffect(() => setNote(null), [scope]);
  const kpis = [...own, ...data.kpis.filter((k) => !own.some((o) => o.key === k.key) && !data.own.some((o) => o.key === k.key))];

  function save(e: FormEvent) {
    e.preventDefault();
    const targets = fromDraft(draft);
    if (targets === null) return setNote({ ok: false, text: i18n.t('kpis.badNumber') });
    void run(() => (scope === 'team' ? call('setTeamKpis', { params: { teamId: data.team.id }, body: { definitions: own, targets } }) : call('setUserTargets', { params: { userId: scope }, body: { targets } })), i18n.t('app.saved')).then((ok) => ok && reload());
  }

  const clearMember = () => void run(() => call('setUserTargets', { params: { userId: scope }, body: { targets: null } }), i18n.t('app.saved')).then((ok) => ok && reload());

  const set = (key: string, period: 'day' | 'month', value: string) => setDraft((d) => ({ ...d, [key]: { day: '', month: '', ...d[key], [period]: value } }));

  return (
    <form onSubmit={save} className="stack" data-testid="targets-editor">
      <label className="inline-field">
        <span>{i18n.t('kpis.targetsFor')}</span>
        <select value={scope} onChange={(e) => setScope(e.target.value)}>
          <option value="team">{i18n.t('kpis.wholeTeam', { team: data.team.name })}</option>
          {data.members.map((m) => (
            <option key={m.user.id} value={m.user.id}>
              {m.user.name}
              {m.targets ? ` · ${i18n.t('kpis.ownTargets')}` : ''}
            </option>
          ))}
        </select>
      </label>
      {scope !== 'team' && !member?.targets && <p className="muted small">{i18n.t('kpis.inheritsTeam')}</p>}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{i18n.t('plan.kpiName')}</th>
              <th scope="col">{i18n.t('kpis.perDay')}</th>
              <th scope="col">{i18n.t('kpis.perMonth')}</th>
            </tr>
          </thead>
          <tbody>
            {kpis.map((k) => (
              <tr key={k.key}>
                <th scope="row">
                  {k.names[i18n.locale]} <span className="muted small">· {i18n.t(`unit.${k.unit}`)} · {i18n.t(`direction.${k.direction}`)}</span>
                </th>
                {(['day', 'month'] as const).map((period) => (
                  <td key={period}>
                    <input
                      inputMode="decimal"
                      className="num-input"
                      aria-label={`${k.names[i18n.locale]}: ${i18n.t(period === 'day' ? 'kpis.perDay' : 'kpis.perMonth')}`}
                      value={draft[k.key]?.[period] ?? ''}
                      onChange={(e) => set(k.key, period, e.target.value)}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {scope === 'team' && <NewKpi onAdd={(d) => setOwn((list) => [...list.filter((o) => o.key !== d.key), d])} />}
      <div className="actions">
        <button type="submit" className="primary">
          {i18n.t('kpis.saveTargets')}
        </button>
        {scope !== 'team' && member?.targets && (
          <button type="button" onClick={clearMember}>
            {i18n.t('kpis.useTeamTargets')}
          </button>
        )}
        {view}
      </div>
    </form>
  );
}

function NewKpi({ onAdd }: { onAdd: (d: KpiDefinition) => void }) {
  const i18n = useI18n();
  const [names, setNames] = useState({ uk: '', ru: '', en: '' });
  const [key, setKey] = useState('');
  const [unit, setUnit] = useState<KpiDefinition['unit']>('count');
  const [direction, setDirection] = useState<KpiDefinition['direction']>('higher');
  const [error, setError] = useState<string | null>(null);
  function add() {
    if (!/^[a-z][a-z0-9_]{0,47}$/.test(key)) return setError(i18n.t('kpis.badKey'));
    if (!names.uk.trim() || !names.ru.trim() || !names.en.trim()) return setError(i18n.t('kpis.namesNeeded'));
    onAdd({ key, names: { uk: names.uk.trim(), ru: names.ru.trim(), en: names.en.trim() }, unit, direction, period: 'day' });
    setNames({ uk: '', ru: '', en: '' });
    setKey('');
    setError(null);
  }
  return (
    <details className="new-kpi">
      <summary>{i18n.t('kpis.addOwn')}</summary>
      <div className="form-grid">
        <label className="field">
          <span>{i18n.t('kpis.key')}</span>
          <input value={key} onChange={(e) => setKey(e.target.value)} pattern="[a-z][a-z0-9_]*" />
        </label>
        {(['uk', 'ru', 'en'] as const).map((l) => (
          <label key={l} className="field">
            <span>{i18n.t(`kpis.name.${l}`)}</span>
            <input lang={l} value={names[l]} onChange={(e) => setNames({ ...names, [l]: e.target.value })} />
          </label>
        ))}
        <label className="field">
          <span>{i18n.t('kpis.unit')}</span>
          <select value={unit} onChange={(e) => setUnit(e.target.value as KpiDefinition['unit'])}>
            {(['count', 'minutes', 'money', 'percent'] as const).map((u) => (
              <option key={u} value={u}>
                {i18n.t(`unit.${u}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{i18n.t('kpis.direction')}</span>
          <select value={direction} onChange={(e) => setDirection(e.target.value as KpiDefinition['direction'])}>
            <option value="higher">{i18n.t('direction.higher')}</option>
            <option value="lower">{i18n.t('direction.lower')}</option>
          </select>
        </label>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="button" onClick={add}>
        {i18n.t('kpis.addOwnButton')}
      </button>
    </details>
  );
}

function Misses({ teamId }: { teamId: string }) {
  const i18n = useI18n();
  const to = today();
  const state = useCall('kpiMisses', { query: { teamId, from: addDays(to, -29), to } });
  const kpis = useCall('teamKpis', { params: { teamId } }, false).data?.kpis ?? [];
  return (
    <div className="card">
      <h2>{i18n.t('kpis.misses')}</h2>
      <Loaded state={state}>
        {(data) =>
          data.total === 0 ? (
            <p className="muted">{i18n.t('kpis.noMisses')}</p>
          ) : (
            <>
              <p className="muted small">{i18n.p('plural.misses', data.total)}</p>
              <ul className="bars compact-bars" data-testid="misses-by-reason">
                {data.byReason.map((r) => (
                  <li key={r.reason} className="bar-row">
                    <div className="bar-head">
                      <span className="bar-name">{i18n.t(`reason.${r.reason}`)}</span>
                      <span className="bar-value">{i18n.number(r.count)}</span>
                    </div>
                    <progress className="meter" max={data.total} value={r.count} aria-hidden="true" />
                  </li>
                ))}
              </ul>
              <details>
                <summary>{i18n.t('kpis.missList')}</summary>
                <div className="table-wrap">
                  <table>
                    <tbody>
                      {data.items.map((m, i) => (
                        <tr key={i}>
                          <td>{i18n.date(m.date, false)}</td>
                          <td>{m.user.name}</td>
                          <td>{kpiName(i18n, kpis, m.key)}</td>
                          <td className="num">
                            {i18n.number(m.actual)} / {m.target === null ? '—' : i18n.number(m.target)}
                          </td>
                          <td>
                            {m.reason ? i18n.t(`reason.${m.reason}`) : '—'} {m.reasonText && <span className="muted">— {m.reasonText}</span>}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </details>
            </>
          )
        }
      </Loaded>
    </div>
  );
}
