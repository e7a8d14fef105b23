// Pickers several screens share: the team (when there is more than one) and the period of a
// report (day, week, month, quarter). The language's is LanguagePicker.tsx (on the sign-in page).
import { useEffect } from 'react';
import type { PeriodKind } from '../../shared/dashboard-api.ts';
import { PERIODS } from '../../shared/periods.ts';
import { useCall } from '../api/use-call.ts';
import { useI18n } from '../i18n/use-i18n.ts';

/** The teams this person may see; hidden when there is only one (it is then chosen). */
export function TeamPicker({ value, onChange }: { value: string | null; onChange: (id: string) => void }) {
  const i18n = useI18n();
  const teams = useCall('teams', {}, false);
  const list = teams.data?.teams ?? [];
  useEffect(() => {
    if (value === null && list[0]) onChange(list[0].id);
  }, [value, list, onChange]);
  if (list.length <= 1) return null;
  return (
    <label className="inline-field">
      <span>{i18n.t('kpis.team')}</span>
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value)}>
        {list.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </select>
    </label>
  );
}

export function PeriodPicker({ value, onChange }: { value: PeriodKind; onChange: (p: PeriodKind) => void }) {
  const i18n = useI18n();
  return (
    <div className="segmented" role="group" aria-label={i18n.t('kpis.period')}>
      {PERIODS.map((p) => (
        <button key={p} type="button" aria-pressed={value === p} onClick={() => onChange(p)}>
          {i18n.t(`period.${p}`)}
        </button>
      ))}
    </div>
  );
}
