// On return from time away: was it work (and what), a break, or nothing? A modal <dialog>, so
// focus moves into it and stays there, and Escape closes it (the banner can reopen it).
import { useEffect, useRef, useState } from 'react';
import { useAction } from '../hooks/use-action.ts';
import { useI18n, type I18n } from '../i18n/use-i18n.ts';
import { useAgent } from '../stores/agent.ts';
import { usePlan } from '../stores/plan.ts';
import { call } from '../transport/current.ts';
import { useIdleDialog } from './idle-dialog-state.ts';
import { labelOptions } from './label-options.ts';

type Decision = 'keep' | 'break' | 'discard';
const NO_ITEMS: never[] = [];

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
  const [decision, setDecision] = useState<Decision>('keep');
  const [label, setLabel] = useState('call');
  const { busy, error, run } = useAction();

  const gap = prompt?.kind === 'idle' ? prompt : null;
  const show = gap !== null && dismissed !== gap.gapId;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (show && !dialog.open) {
      setDecision('keep');
      setLabel('call');
      dialog.showModal();
    } else if (!show && dialog.open) dialog.close();
  }, [show, gap?.gapId]);

  const save = () =>
    gap &&
    void run(async () => {
      apply(await call('resolveIdle', { decision, gapId: gap.gapId, ...(decision === 'keep' ? { label } : {}) }));
    });

  return (
    <dialog ref={ref} className="idle-dialog" aria-labelledby="idle-heading" onCancel={() => gap && dismiss(gap.gapId)}>
      {gap && (
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <h2 id="idle-heading">{i18n.t('idle.heading')}</h2>
          <p>
            {i18n.t('idle.range', {
              from: i18n.time(gap.start, zone),
              to: i18n.time(gap.end, zone),
              duration: spoken(i18n, gap.end - gap.start),
            })}
          </p>
          <fieldset className="choices">
            <legend>{i18n.t('idle.question')}</legend>
            {(['keep', 'break', 'discard'] as const).map((d) => (
              <label key={d} className="choice">
                <input type="radio" name="idle-decision" value={d} checked={decision === d} onChange={() => setDecision(d)} />
                {i18n.t(d === 'keep' ? 'idle.keep' : d === 'break' ? 'idle.break' : 'idle.discard')}
              </label>
            ))}
          </fieldset>
          {decision === 'keep' && (
            <div className="field">
              <label htmlFor="idle-label">{i18n.t('idle.what')}</label>
              <select id="idle-label" value={label} onChange={(e) => setLabel(e.target.value)}>
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
            <button type="submit" className="primary" disabled={busy}>
              {i18n.t('idle.save')}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
