// The manager's place on the team's board, as the hub last ranked it (PullResponse.standing):
// kept in the local database so My day shows it offline too. Hubs that do not rank send nothing,
// and then My day shows nothing about it.
import type { Standing } from '../../shared/leaderboard.ts';
import type { PullResponse } from '../../shared/sync.ts';
import type { LocalStore } from '../store/local-store.ts';

const KEY = 'hub_standing';

export class HubStanding {
  private readonly store: LocalStore;
  /** Whether the hub ranks at all (it has sent a standing, even an empty one). */
  available: boolean;
  current: Standing | null;

  constructor(store: LocalStore) {
    this.store = store;
    const raw = store.meta(KEY);
    this.available = raw !== null;
    this.current = raw ? (JSON.parse(raw) as { standing: Standing | null }).standing : null;
  }

  /** Folds a pull in; returns whether anything changed. */
  apply(pull: Pick<PullResponse, 'standing'>): boolean {
    if (pull.standing === undefined) return false;
    const raw = JSON.stringify({ standing: pull.standing });
    if (raw === this.store.meta(KEY)) return false;
    this.store.setMeta(KEY, raw);
    this.available = true;
    this.current = pull.standing;
    return true;
  }
}
