// A team's tracking policy: pick the team, then its form (admins edit, its lead reads).
import { useState } from 'react';
import type { Me } from '../../../../shared/dashboard-api.ts';
import { useCall } from '../../../api/use-call.ts';
import { Loaded } from '../../../components/bits.tsx';
import { TeamPicker } from '../../../components/pickers.tsx';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { PolicyForm } from './PolicyForm.tsx';

export function Policy({ me }: { me: Me }) {
  const i18n = useI18n();
  const isAdmin = me.role === 'admin';
  const [teamId, setTeamId] = useState<string | null>(me.ledTeams[0] ?? null);
  const state = useCall('teamSettings', teamId ? { params: { teamId } } : null, false);
  return (
    <>
      <TeamPicker value={teamId} onChange={setTeamId} />
      {teamId && <Loaded state={state}>{(data) => <PolicyForm key={`${teamId}-${JSON.stringify(data.policy)}`} settings={data} isAdmin={isAdmin} reload={state.reload} />}</Loaded>}
      {!isAdmin && <p className="muted small">{i18n.t('policy.adminOnly')}</p>}
    </>
  );
}
