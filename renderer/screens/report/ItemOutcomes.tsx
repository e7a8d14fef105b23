// Every planned task: what came of it, a comment, and the minutes spent (prefilled from tracking).
import { ITEM_OUTCOMES, type PlanItem } from '../../../shared/plan.ts';
import { useI18n } from '../../i18n/use-i18n.ts';
import type { ItemDraft } from './report-draft.ts';

interface Props {
  plan: PlanItem[];
  items: ItemDraft[];
  tracked: Record<string, number>;
  onChange(items: ItemDraft[]): void;
}

export function ItemOutcomes({ plan, items, tracked, onChange }: Props) {
  const i18n = useI18n();
  const update = (index: number, patch: Partial<ItemDraft>) => onChange(items.map((item, i) => (i === index ? { ...item, ...patch } : item)));
  return (
    <section className="section" aria-labelledby="planned-heading">
      <h3 id="planned-heading">{i18n.t('report.planned')}</h3>
      {items.map((item, index) => {
        const task = plan.find((p) => p.id === item.itemId);
        const id = item.itemId;
        return (
          <fieldset key={id} className="outcome card-inner" data-testid="report-item">
            <legend>
              {task?.title ?? i18n.t('label.removedTask')}
              <span className="muted small">
                {' · '}
                {i18n.t(`priority.${task?.priority ?? 2}`)}
                {task?.estimateMin ? ` · ${i18n.t('report.estimate', { duration: i18n.duration(task.estimateMin * 60_000) })}` : ''}
              </span>
            </legend>
            <div className="segmented" role="radiogroup" aria-label={i18n.t('report.outcome')}>
              {ITEM_OUTCOMES.map((outcome) => (
                <label key={outcome} className={`seg seg-${outcome}`}>
                  <input type="radio" name={`outcome-${id}`} value={outcome} checked={item.outcome === outcome} onChange={() => update(index, { outcome })} />
                  <span>{i18n.t(`outcome.${outcome}`)}</span>
                </label>
              ))}
            </div>
            <div className="row">
              <div className="field grow">
                <label htmlFor={`comment-${id}`}>{i18n.t('report.comment')}</label>
                <input id={`comment-${id}`} value={item.comment} maxLength={2000} onChange={(e) => update(index, { comment: e.target.value })} />
              </div>
              <div className="field narrow">
                <label htmlFor={`minutes-${id}`}>{i18n.t('report.minutes')}</label>
                <input
                  id={`minutes-${id}`}
                  type="number"
                  min={0}
                  max={1440}
                  inputMode="numeric"
                  aria-describedby={`tracked-${id}`}
                  value={item.minutes}
                  onChange={(e) => update(index, { minutes: e.target.value })}
                />
                <span id={`tracked-${id}`} className="hint">
                  {i18n.t('report.tracked', { duration: i18n.duration((tracked[id] ?? 0) * 60_000) })}
                </span>
              </div>
            </div>
          </fieldset>
        );
      })}
    </section>
  );
}
