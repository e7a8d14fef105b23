// On return from time away: was it work (and what), a break, or nothing? Nothing is chosen for
// the manager: Enter saves only once they have chosen, so one keystroke never turns an absence
// into work time. A modal <dialog>, so focus moves into it and stays there; Escape (or "decide
// later") closes it and the popover keeps asking. The choice is kept as a draft until saved.
import { Briefcase, Coffee, Trash2 } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { IdleDraft } from '../../shared/drafts.ts';
import { useAction } from '../hooks/use-action.ts';
import { useI18n, type I18n } from '../i18n/use-i18n.ts';
import { useAgent } from '../stores/agent.ts';
import { forgetDraft, keepDraft, loadDraft } from '../stores/drafts.ts';
import { usePlan } from '../stores/plan.ts';
import { call } from '../transport/current.ts';
import { useIdleDialog } from './idle-dialog-state.ts';
import { labelOptions } from './label-options.ts';

type Decision = 'keep' | 'break' | 'discard';
const NO_ITEMS: never[] = [];
const EMPTY: IdleDraft = { decision: null, label: null };

const CHOICES = [
  { decision: 'keep', icon: Briefcase, label: 'idle.keep', hint: 'idle.keepHint' },
  { decision: 'break', icon: Coffee, label: 'idle.break', hint: 'idle.breakHint' },
  { decision: 'discard', icon: Trash2, label: 'idle.discard', hint: 'idle.discardHint' },
] as const;

/** "35 секунд" under a minute, else whole minutes: words, as the question is read, not scanned. */
function spoken(i18n: I18n, ms: number): string {
  return ms < 60_000 ? i18n.p('plural.seconds', Math.round(ms / 1000)) : i18n.p('plural.minutes', Math.floor(ms / 60_000));
}

export function IdleDialog() {
  const i18n = useI18n();
  const prompt = useAgent((s) => s.prompts.find((p) => p.kind === 'idle'));
  const zone = useAgent((s) => s.status?.zone ?? 'UTC');
  const apply = useAgent((s) => s.apply);
  // Select the stored array itself: a fresh [] per call would re-render forever.
  const items = usePlan((s) => s.view?.plan?.items) ?? NO_ITEMS;
  const { dismissed, dismiss } = useIdleDialog();
  const ref = useRef<HTMLDialogElement>(null);
  const [choice, setChoice] = useState<IdleDraft>(EMPTY);
  const { busy, error, run, clear } = useAction();

  const gap = prompt?.kind === 'idle' ? prompt : null;
  const show = gap !== null && dismissed !== gap.gapId;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (show && !dialog.open && gap) {
      setChoice(EMPTY);
      clear();
      dialog.showModal();
      // What was chosen before the tab closed (or the agent restarted) is still chosen.
      void loadDraft('idle', gap.gapId)
        .then((draft) => draft && setChoice(draft.content))
        .catch(() => undefined);
    } else if (!show && dialog.open) dialog.close();
    // Reopened only for another gap (or after "later"), not on every refresh of the prompt.
  }, [show, gap?.gapId]);

  const choose = (next: IdleDraft) => {
    setChoice(next);
    if (gap) keepDraft({ kind: 'idle', key: gap.gapId, base: 0, content: next });
  };
  const decision = choice.decision;
  const ready = decision !== null && (decision !== 'keep' || choice.label !== null);

  const save = () => {
    if (!gap || !ready) return;
    void run(async () => {
      apply(await call('resolveIdle', { decision: decision as Decision, gapId: gap.gapId, ...(decision === 'keep' ? { label: choice.label } : {}) }));
      forgetDraft('idle', gap.gapId);
    });
  };

  return (
    <dialog ref={ref} className="idle-dialog" aria-labelledby="idle-heading" aria-describedby="idle-range" onCancel={() => gap && dismiss(gap.gapId)}>
      {gap && (
        <form
          method="dialog"
          onSubmit={(e) => {
            // Enter in the form lands here: it saves a complete choice and does nothing otherwise.
            e.preventDefault();
            save();
          }}
        >
          <h2 id="idle-heading">{i18n.t('idle.heading')}</h2>
          <p id="idle-range">
            {i18n.t('idle.range', {
              from: i18n.time(gap.start, zone),
              to: i18n.time(gap.end, zone),
              duration: spoken(i18n, gap.end - gap.start),
            })}
          </p>
          <fieldset className="choices">
            <legend>{i18n.t('idle.question')}</legend>
            {CHOICES.map((c) => (
              <label key={c.decision} className={`choice choice-${c.decision}`}>
                <input
                  type="radio"
                  name="idle-decision"
                  value={c.decision}
                  checked={decision === c.decision}
                  onChange={() => choose({ decision: c.decision, label: c.decision === 'keep' ? choice.label : null })}
                />
                <c.icon className="icon" aria-hidden="true" />
                <span className="choice-text">
                  <span>{i18n.t(c.label)}</span>
                  <span className="hint">{i18n.t(c.hint)}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {decision === 'keep' && (
            <div className="field">
              <label htmlFor="idle-label">{i18n.t('idle.what')}</label>
              <select id="idle-label" value={choice.label ?? ''} onChange={(e) => choose({ decision: 'keep', label: e.target.value || null })}>
                <option value="">{i18n.t('idle.whatPick')}</option>
                {labelOptions(i18n, items).map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.text}
                  </option>
                ))}
              </select>
            </div>
          )}
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <div className="actions">
            <button type="submit" className="primary" disabled={busy || !ready} aria-describedby={ready ? undefined : 'idle-choose'}>
              {i18n.t('idle.save')}
            </button>
            <button type="button" className="ghost" onClick={() => dismiss(gap.gapId)}>
              {i18n.t('idle.later')}
            </button>
            {!ready && (
              <span id="idle-choose" className="hint">
                {i18n.t('idle.choose')}
              </span>
            )}
          </div>
        </form>
      )}
    </dialog>
  );
}
