// Drafts of the plan, the report and the idle dialog (shared/drafts.ts): one row per form and
// key, replaced as the manager types, deleted when the form is filed. Local only, never synced.
import type { Statement } from 'better-sqlite3';
import type { Draft, DraftInput, DraftKey } from '../../shared/drafts.ts';
import type { StoreContext } from './context.ts';

/** Drafts nobody came back to for this long are dropped at start-up. */
export const DRAFT_KEEP_MS = 30 * 24 * 3600_000;

interface Row {
  base: number;
  content: string;
  saved_at: number;
}

export class Drafts {
  private readonly stmt: Record<'save' | 'get' | 'discard' | 'prune', Statement>;

  constructor(ctx: StoreContext) {
    const s = (sql: string) => ctx.db.prepare(sql);
    this.stmt = {
      save: s(
        'INSERT INTO drafts (kind, key, base, content, saved_at) VALUES (?, ?, ?, ?, ?) ' +
          'ON CONFLICT (kind, key) DO UPDATE SET base = excluded.base, content = excluded.content, saved_at = excluded.saved_at',
      ),
      get: s('SELECT base, content, saved_at FROM drafts WHERE kind = ? AND key = ?'),
      discard: s('DELETE FROM drafts WHERE kind = ? AND key = ?'),
      prune: s('DELETE FROM drafts WHERE saved_at < ?'),
    };
  }

  save(draft: DraftInput, at: number): Draft {
    const savedAt = Math.round(at);
    this.stmt.save.run(draft.kind, draft.key, draft.base, JSON.stringify(draft.content), savedAt);
    return { ...draft, savedAt } as Draft;
  }

  get({ kind, key }: DraftKey): Draft | null {
    const row = this.stmt.get.get(kind, key) as Row | undefined;
    return row ? ({ kind, key, base: row.base, content: JSON.parse(row.content) as unknown, savedAt: row.saved_at } as Draft) : null;
  }

  discard({ kind, key }: DraftKey): boolean {
    return this.stmt.discard.run(kind, key).changes > 0;
  }

  /** Drops drafts last saved before `before`; returns how many. */
  prune(before: number): number {
    return this.stmt.prune.run(Math.round(before)).changes;
  }
}
