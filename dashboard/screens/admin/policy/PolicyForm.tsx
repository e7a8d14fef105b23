// The tracking policy as a form: the idle threshold, window titles and their redaction, programs
// never recorded, the team's category rules, the schedule, the day start and the currency. The
// shared schema checks every change as it is typed; beside the rules, what they would have done
// to last week's recorded windows (the hub's preview), refreshed a moment after each change.
import { useEffect, useState, type ReactNode } from 'react';
import type { PolicyPreview, RouteOutput } from '../../../../shared/dashboard-api.ts';
import { INTL_LOCALE } from '../../../../shared/i18n/locales.ts';
import type { Policy } from '../../../../shared/policy.ts';
import { call } from '../../../api/client.ts';
import { failureText, useAction } from '../../../components/action.tsx';
import { TimeInput } from '../../../components/TimeInput.tsx';
import { useI18n, type I18n } from '../../../i18n/use-i18n.ts';
import { checkDraft, currencies, toDraft, type PolicyDraft, type Problem } from './draft.ts';
import { PreviewPanel } from './PreviewPanel.tsx';
import { CategoryRules, ExcludedApps, RedactRules } from './rules.tsx';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
/** How long typing must pause before the preview is asked for again. */
const PREVIEW_DELAY_MS = 500;

/** The problems by field, and a way to wire a control to its message. */
export interface Problems {
  of(field: string): Problem | undefined;
  /** `aria-invalid` and `aria-describedby` for the control of `field`. */
  attrs(field: string): { 'aria-invalid'?: true; 'aria-describedby'?: string };
  message(field: string): ReactNode;
}

function problemsView(i18n: I18n, list: readonly Problem[], shown: boolean): Problems {
  const of = (field: string) => (shown ? list.find((p) => p.field === field) : undefined);
  const id = (field: string) => `problem-${field.replace(/\./g, '-')}`;
  return {
    of,
    attrs: (field) => (of(field) ? { 'aria-invalid': true, 'aria-describedby': id(field) } : {}),
    message: (field) => {
      const p = of(field);
      return p ? (
        <span className="field-error" id={id(field)}>
          {i18n.t(p.key, p.vars)}
        </span>
      ) : null;
    },
  };
}

export function PolicyForm({ settings, isAdmin }: { settings: RouteOutput<'teamSettings'>; isAdmin: boolean; reload: () => void }) {
  const i18n = useI18n();
  const [saved, setSaved] = useState<Policy>(settings.policy);
  const [draft, setDraft] = useState<PolicyDraft>(() => toDraft(settings.policy));
  const [touched, setTouched] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const { run, view, setNote } = useAction(i18n, { inline: true });
  const checked = checkDraft(draft, saved);
  const problems = problemsView(i18n, checked.ok ? [] : checked.problems, touched || submitted);
  const edit = (change: Partial<PolicyDraft>) => {
    setDraft((d) => ({ ...d, ...change }));
    setTouched(true);
    setNote(null);
  };

  // The preview follows the rules (not the schedule or the currency, which it does not use).
  const preview = usePreview(settings.team.id, isAdmin && checked.ok ? checked.input : null, checked.ok ? JSON.stringify([draft.excluded, draft.categories, draft.redact, draft.capture, draft.idleMinutes]) : null);

  function save() {
    setSubmitted(true);
    if (!checked.ok) return setNote({ ok: false, text: i18n.t('policy.err.fix', { n: checked.problems.length }) });
    void run(async () => {
      const out = await call('setPolicy', { params: { teamId: settings.team.id }, body: checked.input as Record<string, unknown> });
      setSaved(out.policy);
      setTouched(false);
    }, i18n.t('app.saved'));
  }

  const disabled = !isAdmin;
  return (
    <form
      className="policy"
      noValidate
      aria-labelledby="policy-title"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <h2 id="policy-title">{i18n.t('policy.title', { team: settings.team.name })}</h2>
      <div className="policy-layout">
        <div className="policy-main">
          <fieldset className="card" disabled={disabled}>
            <legend>{i18n.t('policy.section.tracking')}</legend>
            <div className="form-grid">
              <label className="field">
                <span>{i18n.t('policy.idle')}</span>
                <input className="num-input" inputMode="decimal" value={draft.idleMinutes} onChange={(e) => edit({ idleMinutes: e.target.value })} {...problems.attrs('idleMinutes')} />
                {problems.message('idleMinutes')}
              </label>
              <label className="field">
                <span>{i18n.t('policy.titles')}</span>
                <select value={draft.capture} onChange={(e) => edit({ capture: e.target.value as PolicyDraft['capture'] })}>
                  {(['full', 'redacted', 'off'] as const).map((c) => (
                    <option key={c} value={c}>
                      {i18n.t(`policy.capture.${c}`)}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <p className="muted small">{i18n.t('policy.idleHint')}</p>
          </fieldset>

          {draft.capture === 'redacted' && <RedactRules rows={draft.redact} onChange={(redact) => edit({ redact })} problems={problems} preview={preview.data} disabled={disabled} />}
          <ExcludedApps rows={draft.excluded} onChange={(excluded) => edit({ excluded })} problems={problems} preview={preview.data} disabled={disabled} />
          <CategoryRules rows={draft.categories} onChange={(categories) => edit({ categories })} problems={problems} preview={preview.data} disabled={disabled} />

          <fieldset className="card" disabled={disabled}>
            <legend>{i18n.t('policy.section.schedule')}</legend>
            <fieldset className="weekdays" {...problems.attrs('days')}>
              <legend>{i18n.t('policy.days')}</legend>
              {WEEKDAYS.map((d) => (
                <label key={d} className="check">
                  <input type="checkbox" checked={draft.days.includes(d)} onChange={(e) => edit({ days: e.target.checked ? [...draft.days, d] : draft.days.filter((x) => x !== d) })} />
                  <span>{i18n.weekday(d)}</span>
                </label>
              ))}
              {problems.message('days')}
            </fieldset>
            <div className="form-grid">
              {(['start', 'end', 'dayStart'] as const).map((f) => (
                <label key={f} className="field">
                  <span>{i18n.t(f === 'start' ? 'policy.scheduleStart' : f === 'end' ? 'policy.scheduleEnd' : 'policy.dayStart')}</span>
                  <TimeInput value={draft[f]} onChange={(v) => edit({ [f]: v })} {...problems.attrs(f)} />
                  {problems.message(f)}
                </label>
              ))}
              <label className="field">
                <span>{i18n.t('policy.currency')}</span>
                <CurrencySelect value={draft.currency} onChange={(currency) => edit({ currency })} />
              </label>
            </div>
            <p className="muted small">{i18n.t('policy.dayStartHint')}</p>
          </fieldset>

          {isAdmin && (
            <div className="actions">
              <button type="submit" className="primary">
                {i18n.t('app.save')}
              </button>
              {view}
            </div>
          )}
        </div>
        {isAdmin && <PreviewPanel preview={preview.data} loading={preview.loading} error={preview.error} waiting={!checked.ok} />}
      </div>
    </form>
  );
}

function CurrencySelect({ value, onChange }: { value: string; onChange: (c: string) => void }) {
  const i18n = useI18n();
  const names = new Intl.DisplayNames([INTL_LOCALE[i18n.locale]], { type: 'currency' });
  const list = currencies();
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)}>
      {!list.includes(value) && <option value={value}>{value}</option>}
      {list.map((c) => (
        <option key={c} value={c}>
          {c} — {names.of(c)}
        </option>
      ))}
    </select>
  );
}

/** The hub's preview of `input`, asked for once the rules (`key`) stop changing for a moment. */
function usePreview(teamId: string, input: object | null, key: string | null) {
  const i18n = useI18n();
  const [data, setData] = useState<PolicyPreview | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (input === null || key === null) return;
    let live = true;
    setLoading(true);
    const timer = setTimeout(() => {
      call('previewPolicy', { params: { teamId }, body: { policy: input as Record<string, unknown> } }).then(
        (p) => {
          if (!live) return;
          setData(p);
          setError(null);
          setLoading(false);
        },
        (err: unknown) => {
          if (!live) return;
          setError(failureText(i18n, err));
          setLoading(false);
        },
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // `key` stands for the input's rules.
  }, [teamId, key]);
  return { data, loading, error };
}
