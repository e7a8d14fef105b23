// What the hub hands down from the company's CRM: the manager's open CRM tasks and deals (for the
// plan's picker) and KPI actuals per day from the CRM or other systems (shown beside the report's
// fields and prefilled). Kept in the local database so they are there offline.
import type { CrmActual, CrmTask } from '../../shared/integrations.ts';
import type { PullResponse } from '../../shared/sync.ts';
import type { LocalStore } from '../store/local-store.ts';

const TASKS = 'hub_crm_tasks';
const ACTUALS = 'hub_crm_actuals';
/** Actuals older than this are of no use to a report form. */
const KEEP_DAYS = 40;

export class HubCrm {
  private readonly store: LocalStore;
  tasks: CrmTask[];
  private actuals: Map<string, CrmActual>;

  constructor(store: LocalStore) {
    this.store = store;
    this.tasks = JSON.parse(store.meta(TASKS) ?? '[]') as CrmTask[];
    this.actuals = new Map((JSON.parse(store.meta(ACTUALS) ?? '[]') as CrmActual[]).map((a) => [`${a.date}|${a.key}`, a]));
  }

  /** Folds a pull in; returns whether anything changed. Hubs without connectors send nothing. */
  apply(pull: Pick<PullResponse, 'crm'>, today: string): boolean {
    if (!pull.crm) return false;
    if (pull.crm.tasks) {
      this.tasks = pull.crm.tasks;
      this.store.setMeta(TASKS, JSON.stringify(this.tasks));
    }
    for (const a of pull.crm.actuals) this.actuals.set(`${a.date}|${a.key}`, a);
    const oldest = new Date(Date.parse(`${today}T00:00:00Z`) - KEEP_DAYS * 86_400_000).toISOString().slice(0, 10);
    for (const [k, a] of this.actuals) if (a.date < oldest) this.actuals.delete(k);
    this.store.setMeta(ACTUALS, JSON.stringify([...this.actuals.values()]));
    return true;
  }

  /** The CRM's figure per KPI key for a day. */
  actualsFor(date: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const a of this.actuals.values()) if (a.date === date) out[a.key] = a.value;
    return out;
  }
}
