// Runs a user action against the agent: one at a time (the button is disabled meanwhile), with
// the failure kept as a message for the screen to show next to the control.
import { useCallback, useState } from 'react';
import { errorText } from '../errors.ts';
import { useI18n } from '../i18n/use-i18n.ts';

export function useAction(): { busy: boolean; error: string | null; run: <T>(fn: () => Promise<T>) => Promise<T | undefined>; clear(): void } {
  const i18n = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async <T,>(fn: () => Promise<T>): Promise<T | undefined> => {
      setBusy(true);
      setError(null);
      try {
        return await fn();
      } catch (e) {
        setError(errorText(i18n, e));
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [i18n],
  );
  return { busy, error, run, clear: () => setError(null) };
}
