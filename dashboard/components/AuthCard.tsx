// The frame of the pages a person sees before signing in (sign-in, an invite, the first admin's
// set-up): a card with its title and the language, the fields, what went wrong, and one button.
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { I18n } from '../i18n/use-i18n.ts';
import { failureText } from './action.tsx';
import { LanguagePicker } from './LanguagePicker.tsx';

export function AuthCard(props: { title: string; onSubmit: () => void; children: ReactNode; error?: string | null; submit?: { label: string; busy: boolean } }) {
  const titleId = useId();
  return (
    <main className="auth" id="main">
      <form
        className="card auth-card"
        aria-labelledby={titleId}
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          props.onSubmit();
        }}
      >
        <div className="auth-head">
          <h1 id={titleId}>{props.title}</h1>
          <LanguagePicker />
        </div>
        {props.children}
        {props.error && (
          <p className="error" role="alert">
            {props.error}
          </p>
        )}
        {props.submit && (
          <button type="submit" className="primary" disabled={props.submit.busy}>
            {props.submit.label}
          </button>
        )}
      </form>
    </main>
  );
}

/** A form's one attempt at a time: busy while it runs, and what went wrong in words. */
export function useAttempt(i18n: I18n, describe: (err: unknown) => string = (err) => failureText(i18n, err)) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const attempt = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (err) {
      setError(describe(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, attempt };
}
