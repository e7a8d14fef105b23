// Small pieces every screen uses: an error in words, a loading line, a report state's pill, a
// person's presence, and a date stepper.
import type { ReactNode } from 'react';
import type { PresenceState, ReportState } from '../../shared/dashboard-api.ts';
import { addDays } from '../../shared/time.ts';
import type { ApiError } from '../api/client.ts';
import { useI18n, type I18n } from '../i18n/use-i18n.ts';
import type { TextKey } from '../i18n/types.ts';

const KNOWN_ERRORS = new Set(['network', 'invalid_credentials', 'wrong_password', 'not_found', 'forbidden', 'rate_limited', 'invalid_input', 'csrf', 'invite_invalid', 'conflict', 'report_locked', 'csv_columns', 'batch_too_large']);

export function errorText(i18n: I18n, error: ApiError): string {
  if (KNOWN_ERRORS.has(error.code)) return i18n.t(`err.${error.code}` as TextKey);
  if (error.status === 404) return i18n.t('err.not_found');
  if (error.status === 403) return i18n.t('err.forbidden');
  if (error.status === 429) return i18n.t('err.rate_limited');
  if (error.status === 400) return i18n.t('err.invalid_input');
  if (error.status >= 500) return i18n.t('err.server');
  return i18n.t('err.other', { code: error.code });
}

/** An error in words; with `retry`, a button that tries again (the note stays until it works). */
export function ErrorNote({ error, retry }: { error: ApiError | null; retry?: () => void }) {
  const i18n = useI18n();
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {errorText(i18n, error)}
      {retry && (
        <button type="button" className="link" onClick={retry}>
          {i18n.t('app.tryAgain')}
        </button>
      )}
    </p>
  );
}

export function Loading() {
  const i18n = useI18n();
  return (
    <p className="muted" role="status">
      {i18n.t('app.loading')}
    </p>
  );
}

/** The usual frame of a screen's data: loading, an error, or the content. */
export function Loaded<T>({ state, children }: { state: { data: T | null; error: ApiError | null; loading: boolean }; children: (data: T) => ReactNode }) {
  if (state.error && (!state.data || state.error.status === 404)) return <ErrorNote error={state.error} />;
  if (!state.data) return <Loading />;
  return <>{children(state.data)}</>;
}

export function ReportPill({ state, late, resubmitted }: { state: ReportState; late?: boolean; resubmitted?: boolean }) {
  const i18n = useI18n();
  return (
    <span className={`pill report-${state}`}>
      {i18n.t(`reportState.${state}`)}
      {late ? ` · ${i18n.t('report.late')}` : ''}
      {resubmitted ? ` · ${i18n.t('report.resubmitted')}` : ''}
    </span>
  );
}

export function PresencePill({ state }: { state: PresenceState }) {
  const i18n = useI18n();
  return <span className={`pill presence-${state}`}>{i18n.t(`presence.${state}`)}</span>;
}

/** Back and forward by a step of days, with the date in words between. */
export function DateStepper({ date, step, onChange, label }: { date: string; step: number; onChange: (date: string) => void; label: string }) {
  const i18n = useI18n();
  return (
    <div className="stepper" role="group" aria-label={i18n.t('app.dateNav')}>
      <button type="button" onClick={() => onChange(addDays(date, -step))} aria-label={i18n.t('app.earlier')}>
        ‹
      </button>
      <span className="stepper-label">{label}</span>
      <button type="button" onClick={() => onChange(addDays(date, step))} aria-label={i18n.t('app.later')}>
        ›
      </button>
    </div>
  );
}

/** Today's date in this browser's zone (a starting point; the hub decides each manager's day). */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A labelled field: the words above the control. */
export function Field({ label, children, className = 'field' }: { label: ReactNode; children: ReactNode; className?: string }) {
  return (
    <label className={className}>
      <span>{label}</span>
      {children}
    </label>
  );
}

/** Where the browser is: the zone lists of devices, codes and the like show their times in. */
export const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
