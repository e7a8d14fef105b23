// The tray popover: state, worked time, clock buttons, the current task, prompts and sync state.
// In Electron it is the tray window; in the browser it sits beside the main screens.
import { AppWindow, EyeOff, TriangleAlert } from 'lucide-react';
import { useI18n } from '../i18n/use-i18n.ts';
import { NotifyOffer } from '../notify/NotifyOffer.tsx';
import { useAgent } from '../stores/agent.ts';
import { ClockButtons } from './ClockButtons.tsx';
import { PromptBanner } from './PromptBanner.tsx';
import { SyncSlot } from './SyncSlot.tsx';
import { TaskPicker } from './TaskPicker.tsx';
import { noticeText, trackingIssueText } from '../../shared/i18n/issues.ts';
import { call } from '../transport/current.ts';
import { WorkedClock } from './WorkedClock.tsx';

export function Popover() {
  const i18n = useI18n();
  const status = useAgent((s) => s.status);
  const connection = useAgent((s) => s.connection);
  const apply = useAgent((s) => s.apply);
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
          {status.state !== 'clocked_out' && <TaskPicker />}
          {status.current && status.state === 'working' && (
            <p className="muted small now">
              <AppWindow className="icon" aria-hidden="true" />
              <span>{i18n.t('popover.now', { app: status.current.app })}</span>
            </p>
          )}
          {status.private.on && (
            <p className="note with-icon">
              <EyeOff className="icon" aria-hidden="true" />
              <span>{i18n.t('popover.private')}</span>
            </p>
          )}
          {status.tracking.issues.length > 0 && (
            <p className="note warn small with-icon" data-testid="tracking-issues">
              <TriangleAlert className="icon" aria-hidden="true" />
              <span>{status.tracking.issues.map((issue) => trackingIssueText(i18n, issue)).join(' ')}</span>
            </p>
          )}
          {status.notices.map((notice) => (
            <div key={notice.id} className="note warn small with-icon" data-testid="notice">
              <TriangleAlert className="icon" aria-hidden="true" />
              <span>{noticeText(i18n, notice)}</span>
              <button type="button" className="small-button ghost" onClick={() => void call('dismissNotice', { id: notice.id }).then(apply, () => undefined)}>
                {i18n.t('popover.noticeSeen')}
              </button>
            </div>
          ))}
          <PromptBanner />
          <NotifyOffer />
        </>
      )}
      <SyncSlot />
    </section>
  );
}
