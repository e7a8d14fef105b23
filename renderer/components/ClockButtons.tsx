// Clock in, break, resume, clock out: only the moves the current state allows are offered.
// Clocking out opens the day's report (as Bitrix24's day close does); with report edits not yet
// submitted it asks first.
import { Coffee, LogOut, Play } from 'lucide-react';
import { useLayoutEffect, useState, type ComponentType } from 'react';
import type { AgentMethod } from '../../shared/api.ts';
import { useAction } from '../hooks/use-action.ts';
import { useI18n } from '../i18n/use-i18n.ts';
import type { TextKey } from '../i18n/types.ts';
import { useAgent } from '../stores/agent.ts';
import { useBoot } from '../stores/boot.ts';
import { flushDrafts, loadDraft } from '../stores/drafts.ts';
import { useNav } from '../stores/nav.ts';
import { call } from '../transport/current.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';

type ClockMethod = Extract<AgentMethod, 'clockIn' | 'startBreak' | 'resume' | 'clockOut'>;
interface Move {
  method: ClockMethod;
  label: TextKey;
  icon: ComponentType<{ className?: string; 'aria-hidden'?: boolean }>;
  primary?: boolean;
}
const CLOCK_IN: Move = { method: 'clockIn', label: 'action.clockIn', icon: Play, primary: true };
const BREAK: Move = { method: 'startBreak', label: 'action.break', icon: Coffee };
const RESUME: Move = { method: 'resume', label: 'action.resume', icon: Play, primary: true };
const CLOCK_OUT: Move = { method: 'clockOut', label: 'action.clockOut', icon: LogOut };
const MOVES: Record<string, Move[]> = {
  clocked_out: [CLOCK_IN],
  working: [BREAK, CLOCK_OUT],
  break: [RESUME, CLOCK_OUT],
  // Paused by idle or a lock: input or unlocking resumes by itself; clocking out is still allowed.
  paused: [CLOCK_OUT],
};

/**
 * The benchmark reads POPOVER_INTERACTIVE_MARK (stores/boot.ts): the first moment a click on the popover's
 * button would be handled. Rendered is not enough (the main thread may still be busy), so the
 * mark is a task queued right after the first commit with a status: it runs when the thread is
 * free to take input.
 */
let rendered = false;

/** True when today's report has typed changes that were not submitted. */
async function unsubmittedReport(today: string): Promise<boolean> {
  flushDrafts();
  const draft = await loadDraft('report', today);
  if (!draft) return false;
  const view = await call('getReport', {});
  return view.editable && draft.base === (view.report?.revisions.at(-1)?.revision ?? 0);
}

export function ClockButtons() {
  const i18n = useI18n();
  const state = useAgent((s) => s.status?.state);
  const today = useAgent((s) => s.status?.today.date);
  const apply = useAgent((s) => s.apply);
  const go = useNav((s) => s.go);
  const { busy, error, run } = useAction();
  const [asking, setAsking] = useState(false);
  const markReady = useBoot((s) => s.markPopoverReady);
  useLayoutEffect(() => {
    if (state && !rendered) {
      rendered = true;
      performance.mark('zvit:popover-rendered');
      setTimeout(markReady, 0);
    }
  }, [state, markReady]);
  if (!state) return null;

  const clockOut = async () => {
    // The report asked is the session's working day (it may have started before the day start).
    const day = today ?? null;
    const after = await call('clockOut', {});
    apply(after);
    go('report', day === after.today.date ? null : day, true);
    document.getElementById('main')?.focus();
  };
  const press = (move: Move) => {
    if (move.method !== 'clockOut') return void run(async () => apply(await call(move.method, {})));
    void run(async () => {
      if (today && (await unsubmittedReport(today))) setAsking(true);
      else await clockOut();
    });
  };

  return (
    <div className="clock-buttons">
      {MOVES[state]?.map((move) => (
        <button key={move.method} type="button" className={move.primary ? 'primary' : undefined} disabled={busy} onClick={() => press(move)}>
          <move.icon className="icon" aria-hidden={true} />
          {i18n.t(move.label)}
        </button>
      ))}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <ConfirmDialog
        open={asking}
        testId="clock-out-confirm"
        heading={i18n.t('clockOut.heading')}
        confirm={i18n.t('clockOut.confirm')}
        cancel={i18n.t('clockOut.toReport')}
        onConfirm={() => {
          setAsking(false);
          void run(clockOut);
        }}
        onCancel={() => {
          setAsking(false);
          go('report');
          document.getElementById('main')?.focus();
        }}
      >
        <p>{i18n.t('clockOut.body')}</p>
      </ConfirmDialog>
    </div>
  );
}
