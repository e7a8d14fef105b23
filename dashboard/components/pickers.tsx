// Pickers several screens share: the language, the team (when there is more than one), and the
// period of a report (day, week, month, quarter).
import { useEffect } from 'react';
import type { PeriodKind } from '../../shared/dashboard-api.ts';
import { LOCALES, NATIVE_NAMES } from '../../shared/i18n/locales.ts';
import { PERIODS } from '../../shared/periods.ts';
import { useCall } from '../api/use-call.ts';
import { useI18n } from '../i18n/use-i18n.ts';
import { useLocale } from '../stores/locale.ts';

export function LanguagePicker() {
  const i18n = useI18n();
  const { locale, setLocale } = useLocale();
  return (
    <label className="lang">
      <span className="visually-hidden">{i18n.t('app.language')}</span>
      <select value={locale} onChange={(e) => void setLocale(e.target.value as typeof locale)} aria-label={i18n.t('app.language')}>
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {NATIVE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}

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
