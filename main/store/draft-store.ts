// Drafts of the plan, the report and the idle dialog (shared/drafts.ts) in the local database:
// one row per form and key, replaced as the manager types, deleted when the form is filed.
import type { Draft, DraftInput, DraftKey } from '../../shared/drafts.ts';
import type { LocalStore } from './local-store.ts';

/** Drafts nobody came back to for this long are dropped at start-up. */
export const DRAFT_KEEP_MS = 30 * 24 * 3600_000;

export class DraftStore {
  private readonly store: LocalStore;

  constructor(store: LocalStore) {
    this.store = store;
  }

  save(draft: DraftInput, at: number): Draft {
    const savedAt = Math.round(at);
    this.store.db
      .prepare('INSERT INTO drafts (kind, key, base, content, saved_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, key) DO UPDATE SET base = excluded.base, content = excluded.content, saved_at = excluded.saved_at')
      .run(draft.kind, draft.key, draft.base, JSON.stringify(draft.content), savedAt);
    return { ...draft, savedAt } as Draft;
  }

  get({ kind, key }: DraftKey): Draft | null {
    const row = this.store.db.prepare('SELECT base, content, saved_at FROM drafts WHERE kind = ? AND key = ?').get(kind, key) as
      | { base: number; content: string; saved_at: number }
      | undefined;
    return row ? ({ kind, key, base: row.base, content: JSON.parse(row.content) as unknown, savedAt: row.saved_at } as Draft) : null;
  }

  discard({ kind, key }: DraftKey): boolean {
    return this.store.db.prepare('DELETE FROM drafts WHERE kind = ? AND key = ?').run(kind, key).changes > 0;
  }

  /** Drops drafts last saved before `before`; returns how many. */
  prune(before: number): number {
    return this.store.db.prepare('DELETE FROM drafts WHERE saved_at < ?').run(Math.round(before)).changes;
  }
}
