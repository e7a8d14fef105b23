// Worked time today, ticking once a second from the last status without asking the agent again.
import { useEffect, useState } from 'react';
import { formatClock } from '../../shared/i18n/format.ts';
import { useI18n } from '../i18n/use-i18n.ts';
import { useAgent } from '../stores/agent.ts';

export function WorkedClock() {
  const i18n = useI18n();
  const status = useAgent((s) => s.status);
  const receivedAt = useAgent((s) => s.receivedAt);
  const [, tick] = useState(0);
  const working = status?.state === 'working';
  useEffect(() => {
    if (!working) return;
    const timer = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, [working]);
  if (!status) return null;
  // performance.now() is monotonic: a moved wall clock does not make the figure jump.
  const worked = status.today.workedMs + (working ? performance.now() - receivedAt : 0);
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
