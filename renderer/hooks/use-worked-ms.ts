// Time worked today, ticking once a second while working, from the last status without asking
// the agent again. performance.now() is monotonic: a moved wall clock does not make it jump.
import { useEffect, useState } from 'react';
import { useAgent } from '../stores/agent.ts';

export function useWorkedMs(): number {
  const status = useAgent((s) => s.status);
  const receivedAt = useAgent((s) => s.receivedAt);
  const [, tick] = useState(0);
  const working = status?.state === 'working';
  useEffect(() => {
    if (!working) return;
    const timer = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, [working]);
  return status ? status.today.workedMs + (working ? performance.now() - receivedAt : 0) : 0;
}
