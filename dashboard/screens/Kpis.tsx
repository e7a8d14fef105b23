// KPIs: the targets editor (per team or per manager, per day or per month, for the built-in
// KPIs and the team's own), plan against fact by day, week, month or quarter for the team and
// each manager with the CRM's figures beside, and the misses by reason and over time.
import { useEffect, useState, type FormEvent } from 'react';
import type { Me, PeriodKind, RouteOutput } from '../../shared/dashboard-api.ts';
import type { KpiDefinition } from '../../shared/kpi.ts';
import { displayPace, MISS_REASONS, type MissReason } from '../../shared/kpi-rules.ts';
import { isoWeekday, nextMonth, periodRange } from '../../shared/periods.ts';
import type { KpiTarget } from '../../shared/sync.ts';
import { addDays, daysBetween } from '../../shared/time.ts';
import { call } from '../api/client.ts';
import { useAction } from '../components/action.tsx';
import { useCall } from '../api/use-call.ts';
import { Loaded, today } from '../components/bits.tsx';
import { useI18n, type I18n } from '../i18n/use-i18n.ts';
import { PeriodPicker, TeamPicker } from '../components/pickers.tsx';

export function Kpis({ me }: { me: Me }) {
  const i18n = useI18n();
  const [teamId, setTeamId] = useState<string | null>(me.ledTeams[0] ?? null);
  // Saved targets change the progress above the editor: it is asked for again after each save.
  const [saves, setSaves] = useState(0);
  const [period, setPeriod] = useState<PeriodKind>('month');
  const [date, setDate] = useState(today);
  return (
    <section>
      <div className="screen-head">
        <h1>{i18n.t('kpis.title')}</h1>
        <TeamPicker value={teamId} onChange={setTeamId} />
      </div>
      {teamId && <Progress key={saves} teamId={teamId} period={period} onPeriod={setPeriod} date={date} onDate={setDate} />}
      {teamId && <TargetsEditor teamId={teamId} onSaved={() => setSaves((n) => n + 1)} />}
      {teamId && <Misses teamId={teamId} />}
    </section>
  );
}

function kpiName(i18n: I18n, kpis: readonly KpiDefinition[], key: string): string {
  return kpis.find((k) => k.key === key)?.names[i18n.locale] ?? key;
}

type ProgressData = RouteOutput<'kpiProgress'>;
type ProgressRow = ProgressData['total'][number];

function Progress({ teamId, period, onPeriod, date, onDate }: { teamId: string; period: PeriodKind; onPeriod: (p: PeriodKind) => void; date: string; onDate: (d: string) => void }) {
  const i18n = useI18n();
  const state = useCall('kpiProgress', { query: { teamId, period, date } });
  return (
    <div className="card">
      <div className="card-head">
        <h2>{i18n.t('kpis.progress')}</h2>
        <PeriodPicker value={period} onChange={onPeriod} />
      </div>
      <PeriodStepper kind={period} date={date} onChange={onDate} testId="progress-period" />
      <Loaded state={state}>
        {(data) => {
          // The CRM column shows once any figure came from a CRM (or another system) in the period.
          const hasCrm = [...data.total, ...data.users.flatMap((u) => u.rows)].some((r) => r.crmFact !== null);
          const managers = data.users.filter((u) => u.rows.length > 0);
          return (
            <>
              {hasCrm && <p className="muted small">{i18n.t('kpis.crmDiffersRule')}</p>}
              {data.total.length === 0 ? (
                <p className="muted">{i18n.t('kpis.noProgress')}</p>
              ) : (
                <>
                  <div className="table-wrap">
                    <table data-testid="kpi-progress">
                      <ProgressHead hasCrm={hasCrm} first={i18n.t('plan.kpiName')} />
                      <tbody>
                        {data.total.map((row) => (
                          <ProgressLine key={row.key} data={data} row={row} hasCrm={hasCrm} />
                        ))}
                      </tbody>
                    </table>
                  </div>
                  {managers.length > 0 && (
                    <>
                      <h3 className="kpi-subhead">{i18n.t('kpis.byManager')}</h3>
                      <div className="table-wrap">
                        <table data-testid="kpi-progress-managers">
                          <ProgressHead hasCrm={hasCrm} first={i18n.t('plan.kpiName')} />
                          {managers.map((u) => (
                            <tbody key={u.user.id} data-testid="kpi-progress-manager">
                              <tr className="group-row">
                                <th scope="rowgroup" colSpan={hasCrm ? 7 : 6}>
                                  {u.user.name}
                                </th>
                              </tr>
                              {u.rows.map((row) => (
                                <ProgressLine key={row.key} data={data} row={row} hasCrm={hasCrm} />
                              ))}
                            </tbody>
                          ))}
                        </table>
                      </div>
                    </>
                  )}
                </>
              )}
            </>
          );
        }}
      </Loaded>
    </div>
  );
}

function ProgressHead({ hasCrm, first }: { hasCrm: boolean; first: string }) {
  const i18n = useI18n();
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        <th scope="col" className="num">{i18n.t('day.actual')}</th>
        {hasCrm && <th scope="col" className="num">{i18n.t('day.crm')}</th>}
        <th scope="col" className="num">{i18n.t('day.target')}</th>
        <th scope="col" className="num">{i18n.t('kpis.remaining')}</th>
        <th scope="col" className="num">{i18n.t('kpis.pace')}</th>
        <th scope="col">{i18n.t('kpis.status')}</th>
      </tr>
    </thead>
  );
}

function ProgressLine({ data, row, hasCrm }: { data: ProgressData; row: ProgressRow; hasCrm: boolean }) {
  const i18n = useI18n();
  const unit = data.kpis.find((k) => k.key === row.key)?.unit ?? 'count';
  const v = (n: number | null) => (n === null ? '—' : i18n.kpi(Math.round(n * 100) / 100, unit, data.currency));
  // A KPI nobody reported and nobody set a target for is one only the CRM counts: its 0 is no fact.
  const crmOnly = row.target === null && row.fact === 0 && row.crmFact !== null;
  return (
    <tr>
      <th scope="row">{kpiName(i18n, data.kpis, row.key)}</th>
      <td className="num">{crmOnly ? '—' : v(row.fact)}</td>
      {hasCrm && (
        <td className={`num${row.crmDiffers ? ' warn-text' : ''}`} data-testid={row.crmDiffers ? 'crm-differs' : undefined}>
          {v(row.crmFact)}
          {row.crmDiffers && <span className="flag warn">{i18n.t('day.crmDiffers')}</span>}
        </td>
      )}
      <td className="num">{v(row.target)}</td>
      <td className="num">{v(row.remaining)}</td>
      <td className="num">{row.requiredPace === null ? '—' : i18n.kpi(displayPace(row.requiredPace, unit), unit, data.currency)}</td>
      <td>
        <span className={`pill status-${row.status}`}>{i18n.t(`kpis.status.${row.status}`)}</span>
      </td>
    </tr>
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

/** Each miss reason's colour in the chart: the shared chart palette (ui/styles/tokens.css). */
const REASON_COLORS: Record<MissReason, string> = {
  few_leads: 'var(--cat-crm)',
  clients_unreachable: 'var(--cat-telephony)',
  client_postponed: 'var(--cat-documents)',
  client_refused: 'var(--cat-entertainment)',
  technical_issue: 'var(--cat-mail)',
  other_tasks: 'var(--cat-messengers)',
  absence: 'var(--cat-own-unproductive)',
  other: 'var(--cat-other)',
};

function Misses({ teamId }: { teamId: string }) {
  const i18n = useI18n();
  const [kind, setKind] = useState<PeriodKind>('month');
  const [date, setDate] = useState(today);
  const { from, to } = periodRange(kind, date);
  const state = useCall('kpiMisses', { query: { teamId, from, to } });
  const kpis = useCall('teamKpis', { params: { teamId } }, false).data?.kpis ?? [];
  return (
    <div className="card" data-testid="kpi-misses">
      <div className="card-head">
        <h2>{i18n.t('kpis.misses')}</h2>
        <PeriodPicker value={kind} onChange={setKind} />
      </div>
      <PeriodStepper kind={kind} date={date} onChange={setDate} testId="misses-period" />
      <Loaded state={state}>
        {(data) =>
          data.total === 0 ? (
            <p className="muted">{i18n.t('kpis.noMisses')}</p>
          ) : (
            <>
              <p className="muted small">{i18n.p('plural.misses', data.total)}</p>
              <h3 className="kpi-subhead">{i18n.t('kpis.missesByReason')}</h3>
              <ul className="bars compact-bars" data-testid="misses-by-reason">
                {data.byReason.map((r) => (
                  <li key={r.reason} className="bar-row">
                    <div className="bar-head">
                      <span className="bar-name">
                        <span className="swatch" style={{ background: REASON_COLORS[r.reason] }} aria-hidden="true" /> {i18n.t(`reason.${r.reason}`)}
                      </span>
                      <span className="bar-value">{i18n.number(r.count)}</span>
                    </div>
                    <progress className="meter" max={data.total} value={r.count} aria-hidden="true" />
                  </li>
                ))}
              </ul>
              <h3 className="kpi-subhead">{i18n.t(daysBetween(from, to) + 1 <= 13 * 7 ? 'kpis.missesByWeek' : 'kpis.missesByMonth')}</h3>
              <MissesOverTime data={data} weekly={daysBetween(from, to) + 1 <= 13 * 7} />
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

/** Back and forward a whole period (a month back from 31 March is February, not January). */
function PeriodStepper({ kind, date, onChange, testId }: { kind: PeriodKind; date: string; onChange: (d: string) => void; testId: string }) {
  const i18n = useI18n();
  const { from, to } = periodRange(kind, date);
  return (
    <div className="stepper" role="group" aria-label={i18n.t('app.dateNav')} data-testid={testId}>
      <button type="button" onClick={() => onChange(addDays(from, -1))} aria-label={i18n.t('app.earlier')}>
        ‹
      </button>
      <span className="stepper-label">{from === to ? i18n.date(from, false) : `${i18n.date(from, false)} – ${i18n.date(to, false)}`}</span>
      <button type="button" onClick={() => onChange(addDays(to, 1))} aria-label={i18n.t('app.later')}>
        ›
      </button>
    </div>
  );
}

/** A column per week (or month) of the period, stacked by reason; the numbers in a table for screen readers. */
function MissesOverTime({ data, weekly }: { data: RouteOutput<'kpiMisses'>; weekly: boolean }) {
  const i18n = useI18n();
  // Every week (or month) of the period gets a column, empty ones too, so the gaps show.
  const found = new Map(data.overTime.map((b) => [b.bucket, b.byReason]));
  const buckets: { bucket: string; byReason: Record<string, number> }[] = [];
  for (let b = weekly ? addDays(data.from, 1 - isoWeekday(data.from)) : `${data.from.slice(0, 7)}-01`; b <= data.to; b = weekly ? addDays(b, 7) : nextMonth(b)) buckets.push({ bucket: b, byReason: found.get(b) ?? {} });
  const most = Math.max(1, ...buckets.map((b) => Object.values(b.byReason).reduce((a, n) => a + n, 0)));
  const month = new Intl.DateTimeFormat(i18n.locale, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const label = (bucket: string) => (weekly ? i18n.date(bucket, false) : month.format(new Date(`${bucket}T00:00:00Z`)));
  return (
    <figure className="misses-chart" data-testid="misses-over-time">
      <div className="misses-columns" aria-hidden="true">
        {buckets.map((b) => {
          const sum = Object.values(b.byReason).reduce((a, n) => a + n, 0);
          return (
            <div key={b.bucket} className="misses-column">
              <span className="misses-total">{i18n.number(sum)}</span>
              <div className="misses-stack" style={{ height: `${(sum / most) * 100}%` }}>
                {MISS_REASONS.filter((r) => b.byReason[r]).map((r) => (
                  <div key={r} style={{ flexGrow: b.byReason[r], background: REASON_COLORS[r] }} title={`${i18n.t(`reason.${r}`)}: ${b.byReason[r]}`} />
                ))}
              </div>
              <span className="misses-bucket">{label(b.bucket)}</span>
            </div>
          );
        })}
      </div>
      <table className="visually-hidden">
        <tbody>
          {buckets.map((b) => (
            <tr key={b.bucket}>
              <th scope="row">{label(b.bucket)}</th>
              <td>{MISS_REASONS.filter((r) => b.byReason[r]).map((r) => `${i18n.t(`reason.${r}`)}: ${i18n.number(b.byReason[r]!)}`).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
