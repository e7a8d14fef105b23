// Yesterday's unfinished tasks, each one click away from today's plan.
import { Plus } from 'lucide-react';
import type { PlanItem } from '../../../shared/plan.ts';
import { useI18n } from '../../i18n/use-i18n.ts';

export function CarryOver({ items, onAdd }: { items: PlanItem[]; onAdd(items: PlanItem[]): void }) {
  const i18n = useI18n();
  if (items.length === 0) return null;
  return (
    <section className="section carry-over" aria-labelledby="carry-heading">
      <h3 id="carry-heading">{i18n.t('plan.carryOver')}</h3>
      <ul className="chips">
        {items.map((item) => (
          <li key={item.id}>
            <button type="button" className="chip" onClick={() => onAdd([item])}>
              <Plus className="icon" aria-hidden="true" />
              {i18n.t('plan.carryAdd', { title: item.title })}
            </button>
          </li>
        ))}
      </ul>
      {items.length > 1 && (
        <button type="button" className="small-button" onClick={() => onAdd(items)}>
          {i18n.t('plan.carryAddAll')}
        </button>
      )}
    </section>
  );
}
