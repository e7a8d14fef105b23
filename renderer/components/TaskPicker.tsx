// What the manager is working on now: one of today's plan items (time then counts for it in the
// report) or a kind of work away from the screen.
import { useAction } from '../hooks/use-action.ts';
import { useI18n } from '../i18n/use-i18n.ts';
import { useAgent } from '../stores/agent.ts';
import { usePlan } from '../stores/plan.ts';
import { call } from '../transport/current.ts';
import { labelOptions } from './label-options.ts';

export function TaskPicker() {
  const i18n = useI18n();
  const label = useAgent((s) => s.status?.label ?? null);
  const apply = useAgent((s) => s.apply);
  const items = usePlan((s) => s.view?.plan?.items);
  const { busy, error, run } = useAction();
  const options = labelOptions(i18n, items ?? []);
  const known = label === null || options.some((o) => o.value === label);
  return (
    <div className="field">
      <label htmlFor="task-picker">{i18n.t('popover.task')}</label>
      <select
        id="task-picker"
        value={label ?? ''}
        disabled={busy}
        onChange={(e) => void run(async () => apply(await call('setLabel', { label: e.target.value || null })))}
      >
        <option value="">{i18n.t('popover.taskNone')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
          </option>
        ))}
        {!known && <option value={label}>{i18n.t('popover.otherLabel', { label })}</option>}
      </select>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
