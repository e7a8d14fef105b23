// What the integration screens share: a line saying how the last action went, with the hub's
// own reason, why a job or a webhook delivery failed, and the browser's zone for times.
import { CSV_FILE_ERRORS, type JobErrorCode } from '../../../shared/integrations.ts';
import { ApiError } from '../../api/client.ts';
import { useAction as useSharedAction, type Note } from '../../components/action.tsx';
import { errorText } from '../../components/bits.tsx';
import { useI18n, type I18n } from '../../i18n/use-i18n.ts';

export { browserZone as zone } from '../../components/bits.tsx';

/** Runs an action and says how it went: the hub's error in words, and its own reason as data. */
export function useAction(i18n: I18n) {
  return useSharedAction(i18n, { describe: (err) => (err instanceof ApiError ? actionError(i18n, err) : { ok: false, text: String(err) }) });
}

/**
 * The hub's refusals here carry a reason an admin can act on (a webhook URL that is not one, a
 * private address, a spent amoCRM code): our words first, then the hub's own, as data.
 */
/** Refusals the hub words itself, with nothing of another system's in them: our words say it all. */
const SAID_IN_FULL = new Set<string>(CSV_FILE_ERRORS);

function actionError(i18n: I18n, err: ApiError): Note {
  const text = errorText(i18n, err);
  if (SAID_IN_FULL.has(err.code)) return { ok: false, text };
  if (err.status !== 400 && err.status !== 409 && err.status !== 502) return { ok: false, text };
  return {
    ok: false,
    text,
    detail: (
      <>
        {' '}
        {i18n.t('integ.hubSays')} <span data-verbatim>{err.message}</span>
      </>
    ),
  };
}

/** Why a job or a webhook delivery failed, in the admin's words (failures stored before codes: in general words). */
export function failureText(i18n: I18n, code: JobErrorCode | null): string {
  return i18n.t(code ? `jobs.why.${code}` : 'jobs.why.unknown');
}

/** The hub's own English note on a failure: a technical detail, folded away and kept as it is. */
export function HubNote({ note }: { note: string }) {
  const i18n = useI18n();
  return (
    <details className="hub-note">
      <summary>{i18n.t('jobs.hubNote')}</summary>
      <code data-verbatim data-testid="hub-note">
        {note}
      </code>
    </details>
  );
}
