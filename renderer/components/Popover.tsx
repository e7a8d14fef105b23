// The tray popover: state, worked time, clock buttons, the current task, prompts and sync state.
// In Electron it is the tray window; in the browser it sits beside the main screens.
import { useI18n } from '../i18n/use-i18n.ts';
import { useAgent } from '../stores/agent.ts';
import { ClockButtons } from './ClockButtons.tsx';
import { PromptBanner } from './PromptBanner.tsx';
import { SyncSlot } from './SyncSlot.tsx';
import { TaskPicker } from './TaskPicker.tsx';
import { WorkedClock } from './WorkedClock.tsx';

export function Popover() {
  const i18n = useI18n();
  const status = useAgent((s) => s.status);
  const connection = useAgent((s) => s.connection);
  return (
    <section className="popover card" aria-labelledby="popover-heading" aria-busy={status === null}>
      <h2 id="popover-heading" className="popover-heading">
        {i18n.t('popover.label')}
      </h2>
      {status === null ? (
        <p className="muted">{connection === 'unauthorized' ? i18n.t('error.unauthorized') : i18n.t('app.connecting')}</p>
      ) : (
        <>
          <p className={`state state-${status.state}`} data-testid="state">
            <span className="dot" aria-hidden="true" />
            <strong>{i18n.t(`state.${status.state}`)}</strong>
            {status.state === 'paused' && status.pauseReason && <span className="muted"> · {i18n.t(`pause.${status.pauseReason}`)}</span>}
            {status.since !== null && status.state !== 'clocked_out' && (
              <span className="muted"> · {i18n.t('popover.since', { time: i18n.time(status.since, status.zone) })}</span>
            )}
          </p>
          <WorkedClock />
          <ClockButtons />
          <TaskPicker />
          {status.current && status.state === 'working' && <p className="muted small now">{i18n.t('popover.now', { app: status.current.app })}</p>}
          {status.private.on && <p className="note">{i18n.t('popover.private')}</p>}
          {status.tracking.problems.length > 0 && <p className="note small">{i18n.t('popover.problems', { problems: status.tracking.problems.join('; ') })}</p>}
          <PromptBanner />
        </>
      )}
      <SyncSlot />
    </section>
  );
}
