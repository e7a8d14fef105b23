// Which Bitrix24 data counts as which KPI (deals won, quotes created, completed activities of a
// type → a KPI key), and how late an event may be and still go to the CRM live. Calls and meetings
// are counted without a mapping. The hub's own schema judges the draft before it is sent, and
// its complaints are said in the admin's words beside the field they concern.
import { ConnectorOptionsSchema, type B24KpiSource, type ConnectorOptions } from '../../../shared/integrations.ts';
import { DEFAULT_KPIS } from '../../../shared/kpi.ts';
import type { I18n } from '../../i18n/use-i18n.ts';
import type { TextKey } from '../../i18n/types.ts';

export const MAX_KPI_SOURCES = 20;
/** Bitrix24's activity types an admin may count (crm.enum.activitytype). */
const ACTIVITY_TYPES = [1, 2, 3, 4, 6] as const;
const SOURCES = ['deals_won', 'quotes_created', 'activities'] as const;

/** A draft row: numbers are kept as typed so a half-typed one is judged, not silently changed. */
function fresh(source: B24KpiSource['source'], kpi: string): B24KpiSource {
  if (source === 'deals_won') return { source, kpi, categoryId: null };
  if (source === 'activities') return { source, kpi, typeId: 2 };
  return { source, kpi };
}

/** The draft's problems, keyed by field ("live", "0.kpi", "0.categoryId" …), in the admin's words. */
export function optionProblems(options: ConnectorOptions, i18n: I18n): Map<string, string> {
  const parsed = ConnectorOptionsSchema.safeParse(options);
  const out = new Map<string, string>();
  if (parsed.success) return out;
  for (const issue of parsed.error.issues) {
    const [head, index, field] = issue.path;
    if (head === 'liveWithinMinutes') out.set('live', i18n.t('crm.live.invalid'));
    else if (head === 'kpiSources' && typeof index === 'number') {
      const key = `${index}.${String(field ?? 'kpi')}`;
      const text: TextKey = field === 'categoryId' ? 'crm.kpiSource.categoryInvalid' : field === 'typeId' ? 'crm.kpiSource.typeInvalid' : 'crm.kpiSource.kpiInvalid';
      out.set(key, i18n.t(text));
    } else if (head === 'kpiSources') out.set('sources', i18n.t('crm.kpiSource.tooMany', { n: MAX_KPI_SOURCES }));
  }
  return out;
}

export function KpiSourcesEditor({ options: o, setOption, problems, i18n }: { options: ConnectorOptions; setOption: (p: Partial<ConnectorOptions>) => void; problems: Map<string, string>; i18n: I18n }) {
  const rows = o.kpiSources;
  const put = (i: number, row: B24KpiSource) => setOption({ kpiSources: rows.map((r, j) => (j === i ? row : r)) });
  const numberOrNaN = (v: string) => (v.trim() === '' ? Number.NaN : Number(v));
  const problem = (key: string) => {
    const text = problems.get(key);
    return text ? (
      <span className="error small" role="alert" data-testid="option-problem">
        {text}
      </span>
    ) : null;
  };
  return (
    <fieldset className="kpi-sources" data-testid="kpi-sources">
      <legend>{i18n.t('crm.kpiSources')}</legend>
      <p className="muted small">{i18n.t('crm.kpiSources.help')}</p>
      <datalist id="kpi-keys">
        {DEFAULT_KPIS.map((k) => (
          <option key={k.key} value={k.key}>
            {k.names[i18n.locale]}
          </option>
        ))}
      </datalist>
      {rows.length === 0 && <p className="muted small">{i18n.t('crm.kpiSources.none')}</p>}
      {rows.map((r, i) => (
        <div key={i} className="form-grid kpi-source" data-testid="kpi-source">
          <label className="field">
            {i18n.t('crm.kpiSource.source')}
            <select value={r.source} onChange={(e) => put(i, fresh(e.target.value as B24KpiSource['source'], r.kpi))}>
              {SOURCES.map((s) => (
                <option key={s} value={s}>
                  {i18n.t(`crm.kpiSource.${s}`)}
                </option>
              ))}
            </select>
          </label>
          {r.source === 'deals_won' && (
            <label className="field">
              {i18n.t('crm.kpiSource.category')}
              <input type="number" inputMode="numeric" value={r.categoryId === null ? '' : Number.isNaN(r.categoryId) ? '' : r.categoryId} placeholder={i18n.t('crm.kpiSource.anyCategory')} onChange={(e) => put(i, { ...r, categoryId: e.target.value.trim() === '' ? null : numberOrNaN(e.target.value) })} />
              {problem(`${i}.categoryId`)}
            </label>
          )}
          {r.source === 'activities' && (
            <label className="field">
              {i18n.t('crm.kpiSource.type')}
              <select value={r.typeId} onChange={(e) => put(i, { ...r, typeId: Number(e.target.value) })}>
                {ACTIVITY_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {i18n.t(`crm.kpiSource.type.${t}`)}
                  </option>
                ))}
              </select>
              {problem(`${i}.typeId`)}
            </label>
          )}
          <label className="field">
            {i18n.t('crm.kpiSource.kpi')}
            <input type="text" list="kpi-keys" autoComplete="off" spellCheck={false} value={r.kpi} onChange={(e) => put(i, { ...r, kpi: e.target.value.trim() })} aria-invalid={problems.has(`${i}.kpi`) || undefined} />
            {problem(`${i}.kpi`)}
          </label>
          <button type="button" className="kpi-source-remove" onClick={() => setOption({ kpiSources: rows.filter((_r, j) => j !== i) })}>
            {i18n.t('crm.kpiSource.remove')}
          </button>
        </div>
      ))}
      {problem('sources')}
      <div className="toolbar">
        <button type="button" disabled={rows.length >= MAX_KPI_SOURCES} onClick={() => setOption({ kpiSources: [...rows, fresh('deals_won', 'deals_closed')] })}>
          {i18n.t('crm.kpiSource.add')}
        </button>
      </div>
    </fieldset>
  );
}

export function LiveWithin({ options: o, setOption, problems, i18n }: { options: ConnectorOptions; setOption: (p: Partial<ConnectorOptions>) => void; problems: Map<string, string>; i18n: I18n }) {
  const text = problems.get('live');
  return (
    <label className="field">
      {i18n.t('crm.live')}
      <input type="number" inputMode="numeric" value={Number.isNaN(o.liveWithinMinutes) ? '' : o.liveWithinMinutes} onChange={(e) => setOption({ liveWithinMinutes: e.target.value.trim() === '' ? Number.NaN : Number(e.target.value) })} aria-invalid={!!text || undefined} />
      <span className="muted small">{i18n.t('crm.live.help')}</span>
      {text && (
        <span className="error small" role="alert" data-testid="option-problem">
          {text}
        </span>
      )}
    </label>
  );
}
