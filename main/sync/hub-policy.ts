// The policy, schedule, KPIs and targets the hub hands down, kept in the local database so they
// stay in force across restarts and weeks offline.
import { parsePolicy, type Policy } from '../../shared/policy.ts';
import type { PullResponse } from '../../shared/sync.ts';
import type { LocalStore } from '../store/local-store.ts';

const KEY = 'hub_policy';

export class HubPolicy {
  private readonly store: LocalStore;
  current: Policy | null;

  constructor(store: LocalStore) {
    this.store = store;
    const raw = store.meta(KEY);
    const parsed = raw ? parsePolicy(JSON.parse(raw)) : null;
    this.current = parsed?.ok ? parsed.policy : null;
  }

  /**
   * Folds a pull into the policy in force; null parts mean "unchanged since the cursor".
   * Returns whether anything changed.
   */
  apply(pull: Pick<PullResponse, 'policy' | 'schedule' | 'kpis' | 'targets'>, fallback: Policy): boolean {
    if (!pull.policy && !pull.schedule && !pull.kpis && !pull.targets) return false;
    let next: Policy = pull.policy ?? this.current ?? fallback;
    if (pull.schedule) next = { ...next, schedule: pull.schedule };
    if (pull.kpis) next = { ...next, kpis: pull.kpis };
    if (pull.targets) {
      next = { ...next, kpiTargets: Object.fromEntries(pull.targets.filter((t) => t.period === 'day').map((t) => [t.key, t.value])) };
    }
    const checked = parsePolicy(next);
    if (!checked.ok) throw new Error(`The hub sent a policy this agent cannot use: ${checked.error}`);
    this.current = checked.policy;
    this.store.setMeta(KEY, JSON.stringify(checked.policy));
    return true;
  }
}
