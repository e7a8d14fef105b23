// Clock in, break, resume, clock out: only the moves the current state allows are offered.
import { useLayoutEffect } from 'react';
import type { AgentMethod } from '../../shared/api.ts';
import { useAction } from '../hooks/use-action.ts';
import { useI18n } from '../i18n/use-i18n.ts';
import type { TextKey } from '../i18n/types.ts';
import { useAgent } from '../stores/agent.ts';
import { useBoot } from '../stores/boot.ts';
import { call } from '../transport/current.ts';

type ClockMethod = Extract<AgentMethod, 'clockIn' | 'startBreak' | 'resume' | 'clockOut'>;
const BUTTONS: Record<string, { method: ClockMethod; label: TextKey; primary?: boolean }[]> = {
  clocked_out: [{ method: 'clockIn', label: 'action.clockIn', primary: true }],
  working: [
    { method: 'startBreak', label: 'action.break' },
    { method: 'clockOut', label: 'action.clockOut' },
  ],
  break: [
    { method: 'resume', label: 'action.resume', primary: true },
    { method: 'clockOut', label: 'action.clockOut' },
  ],
  // Paused by idle or a lock: input or unlocking resumes by itself; clocking out is still allowed.
  paused: [{ method: 'clockOut', label: 'action.clockOut' }],
};

/**
 * The benchmark reads POPOVER_INTERACTIVE_MARK (stores/boot.ts): the first moment a click on the popover's
 * button would be handled. Rendered is not enough (the main thread may still be busy), so the
 * mark is a task queued right after the first commit with a status: it runs when the thread is
 * free to take input.
 */
let rendered = false;

export function ClockButtons() {
  const i18n = useI18n();
  const state = useAgent((s) => s.status?.state);
  const apply = useAgent((s) => s.apply);
  const { busy, error, run } = useAction();
  const markReady = useBoot((s) => s.markPopoverReady);
  useLayoutEffect(() => {
    if (state && !rendered) {
      rendered = true;
      performance.mark('zvit:popover-rendered');
      setTimeout(markReady, 0);
    }
  }, [state, markReady]);
  if (!state) return null;
  return (
    <div className="clock-buttons">
      {BUTTONS[state]?.map((b) => (
        <button
          key={b.method}
          type="button"
          className={b.primary ? 'primary' : undefined}
          disabled={busy}
          onClick={() => void run(async () => apply(await call(b.method, {})))}
        >
          {i18n.t(b.label)}
        </button>
      ))}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
