// An action's outcome in words: run a call, then say "saved" (or what was done) or why it failed,
// in the user's language, where the screen shows it.
import { useState, type ReactNode } from 'react';
import { ApiError } from '../api/client.ts';
import type { I18n } from '../i18n/use-i18n.ts';
import { errorText } from './bits.tsx';

export interface Note {
  ok: boolean;
  text: string;
  /** More after the words, such as the hub's own reason (as data). */
  detail?: ReactNode;
}

/** A failed call in words: the hub's error by its code, anything else as it came. */
export function failureText(i18n: I18n, err: unknown): string {
  return err instanceof ApiError ? errorText(i18n, err) : String(err);
}

export function NoteView({ note, inline = false }: { note: Note | null; inline?: boolean }) {
  if (!note) return null;
  const Tag = inline ? 'span' : 'p';
  return (
    <Tag role={note.ok ? 'status' : 'alert'} className={note.ok ? 'ok-text' : 'error'}>
      {note.text}
      {note.detail}
    </Tag>
  );
}

export interface ActionOptions {
  /** The note beside a button rather than a paragraph of its own. */
  inline?: boolean;
  /** A failure in words; by default the hub's error by its code. */
  describe?: (err: unknown) => Note;
}

/** `run(work, ok)` does the work and notes `ok` or the failure; it answers whether it worked. */
export function useAction(i18n: I18n, options: ActionOptions = {}) {
  const [note, setNote] = useState<Note | null>(null);
  const [busy, setBusy] = useState(false);
  const describe = options.describe ?? ((err: unknown) => ({ ok: false, text: failureText(i18n, err) }));
  const run = async (work: () => Promise<unknown>, ok: string | (() => string)) => {
    setBusy(true);
    try {
      await work();
      setNote({ ok: true, text: typeof ok === 'string' ? ok : ok() });
      return true;
    } catch (err) {
      setNote(describe(err));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, view: <NoteView note={note} inline={options.inline} />, note, setNote };
}
