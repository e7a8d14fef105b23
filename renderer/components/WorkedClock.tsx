// Worked time today, ticking once a second from the last status without asking the agent again.
import { formatClock } from '../../shared/i18n/format.ts';
import { useWorkedMs } from '../hooks/use-worked-ms.ts';
import { useI18n } from '../i18n/use-i18n.ts';
import { useAgent } from '../stores/agent.ts';

export function WorkedClock() {
  const i18n = useI18n();
  const status = useAgent((s) => s.status);
  const worked = useWorkedMs();
  if (!status) return null;
  return (
    <div className="worked">
      <span className="worked-label" id="worked-label">
        {i18n.t('popover.workedToday')}
      </span>
      <span className="worked-clock" role="timer" aria-labelledby="worked-label" data-testid="worked">
        {formatClock(worked)}
      </span>
      {status.today.breakMs > 0 && <span className="muted small">{i18n.t('popover.breakToday', { duration: i18n.duration(status.today.breakMs) })}</span>}
    </div>
  );
}
