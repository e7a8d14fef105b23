// The manager's open tasks and deals in the company's CRM (the hub pulls them): one click puts
// one in today's plan, linked, so the time spent on it goes back to the CRM task.
import { ExternalLink, Plus } from 'lucide-react';
import type { CrmTask } from '../../../shared/integrations.ts';
import { useI18n } from '../../i18n/use-i18n.ts';

export function CrmTasks({ tasks, zone, onAdd }: { tasks: CrmTask[]; zone: string; onAdd(task: CrmTask): void }) {
  const i18n = useI18n();
  if (tasks.length === 0) return null;
  return (
    <section className="section crm-tasks" aria-labelledby="crm-heading" data-testid="crm-tasks">
      <h3 id="crm-heading">{i18n.t('plan.crmTasks')}</h3>
      <ul className="chips">
        {tasks.map((task) => (
          <li key={`${task.system}:${task.kind}:${task.id}`} className="row tight">
            <button type="button" className="chip" aria-label={i18n.t('plan.crmAdd', { title: task.title })} onClick={() => onAdd(task)}>
              <Plus className="icon" aria-hidden="true" />
              <span className="muted">{i18n.t(`plan.crmKind.${task.kind}`)}</span> {task.title}
              {task.deadline !== null && <span className="muted"> · {i18n.t('plan.crmDue', { date: i18n.dateTime(task.deadline, zone) })}</span>}
            </button>
            {task.url && (
              <a href={task.url} target="_blank" rel="noreferrer noopener" className="icon-link" title={i18n.t('plan.crmOpen')} aria-label={`${i18n.t('plan.crmOpen')}: ${task.title}`}>
                <ExternalLink className="icon" aria-hidden="true" />
              </a>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
