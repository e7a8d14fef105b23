// The plan's task list: title, priority and estimate per task, add and remove.
import { Plus, X } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { useI18n } from '../../i18n/use-i18n.ts';
import { newItem, type DraftItem } from './plan-draft.ts';

interface Props {
  items: DraftItem[];
  invalid: ReadonlySet<number>;
  onChange(items: DraftItem[]): void;
}

export function TaskRows({ items, invalid, onChange }: Props) {
  const i18n = useI18n();
  const focusId = useRef<string | null>(null);
  useEffect(() => {
    // A task just added gets the focus, so the keyboard user types straight into it.
    if (focusId.current) document.getElementById(`task-title-${focusId.current}`)?.focus();
    focusId.current = null;
  }, [items.length]);
  const update = (index: number, patch: Partial<DraftItem>) => onChange(items.map((item, i) => (i === index ? { ...item, ...patch } : item)));
  return (
    <fieldset className="section">
      <legend>{i18n.t('plan.tasks')}</legend>
      {items.length === 0 && <p className="muted">{i18n.t('plan.noTasks')}</p>}
      <ol className="task-rows">
        {items.map((item, index) => {
          const n = index + 1;
          const errorId = `task-error-${item.id}`;
          return (
            <li key={item.id} className="task-row" data-testid="plan-task">
              <div className="field grow">
                <label htmlFor={`task-title-${item.id}`}>
                  {i18n.t('plan.taskTitle', { n })}
                  {item.carriedFrom && <span className="tag">{i18n.t('plan.carriedFrom', { date: i18n.date(item.carriedFrom, false) })}</span>}
                </label>
                <input
                  id={`task-title-${item.id}`}
                  value={item.title}
                  maxLength={500}
                  aria-invalid={invalid.has(index) || undefined}
                  aria-describedby={invalid.has(index) ? errorId : undefined}
                  onChange={(e) => update(index, { title: e.target.value })}
                />
                {invalid.has(index) && (
                  <p id={errorId} className="error">
                    {i18n.t('plan.titleRequired')}
                  </p>
                )}
              </div>
              <div className="field">
                <label htmlFor={`task-priority-${item.id}`}>{i18n.t('plan.priority')}</label>
                <select id={`task-priority-${item.id}`} value={item.priority} onChange={(e) => update(index, { priority: Number(e.target.value) as 1 | 2 | 3 })}>
                  {([1, 2, 3] as const).map((p) => (
                    <option key={p} value={p}>
                      {i18n.t(`priority.${p}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field narrow">
                <label htmlFor={`task-estimate-${item.id}`}>{i18n.t('plan.estimate')}</label>
                <input
                  id={`task-estimate-${item.id}`}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={1440}
                  step={5}
                  value={item.estimate}
                  onChange={(e) => update(index, { estimate: e.target.value })}
                />
              </div>
              <button type="button" className="icon-button" aria-label={i18n.t('plan.remove', { n })} title={i18n.t('plan.remove', { n })} onClick={() => onChange(items.filter((_, i) => i !== index))}>
                <X className="icon" aria-hidden="true" />
              </button>
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        onClick={() => {
          const item = newItem();
          focusId.current = item.id;
          onChange([...items, item]);
        }}
      >
        <Plus className="icon" aria-hidden="true" />
        {i18n.t('plan.addTask')}
      </button>
    </fieldset>
  );
}
