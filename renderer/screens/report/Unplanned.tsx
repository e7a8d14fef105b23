// Work that was not in the plan: what, how long, a comment.
import { Plus, X } from 'lucide-react';
import { useI18n } from '../../i18n/use-i18n.ts';
import type { UnplannedDraft } from './report-draft.ts';

export function Unplanned({ rows, onChange }: { rows: UnplannedDraft[]; onChange(rows: UnplannedDraft[]): void }) {
  const i18n = useI18n();
  const update = (index: number, patch: Partial<UnplannedDraft>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <section className="section" aria-labelledby="unplanned-heading">
      <h3 id="unplanned-heading">{i18n.t('report.unplanned')}</h3>
      {rows.map((row, index) => (
        <div key={row.id} className="row unplanned-row" data-testid="unplanned">
          <div className="field grow">
            <label htmlFor={`unplanned-title-${row.id}`}>{i18n.t('report.unplannedTitle')}</label>
            <input id={`unplanned-title-${row.id}`} value={row.title} maxLength={500} onChange={(e) => update(index, { title: e.target.value })} />
          </div>
          <div className="field narrow">
            <label htmlFor={`unplanned-minutes-${row.id}`}>{i18n.t('report.minutes')}</label>
            <input id={`unplanned-minutes-${row.id}`} type="number" min={0} max={1440} inputMode="numeric" value={row.minutes} onChange={(e) => update(index, { minutes: e.target.value })} />
          </div>
          <div className="field grow">
            <label htmlFor={`unplanned-comment-${row.id}`}>{i18n.t('report.comment')}</label>
            <input id={`unplanned-comment-${row.id}`} value={row.comment} maxLength={2000} onChange={(e) => update(index, { comment: e.target.value })} />
          </div>
          <button type="button" className="icon-button" aria-label={i18n.t('report.removeUnplanned')} title={i18n.t('report.removeUnplanned')} onClick={() => onChange(rows.filter((_, i) => i !== index))}>
            <X className="icon" aria-hidden="true" />
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...rows, { id: crypto.randomUUID(), title: '', minutes: '', comment: '' }])}>
        <Plus className="icon" aria-hidden="true" />
        {i18n.t('report.addUnplanned')}
      </button>
    </section>
  );
}
