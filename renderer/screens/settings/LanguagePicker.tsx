// The UI language, saved in the agent (so the tray and the next start use it too) and applied at once.
import { LOCALES, NATIVE_NAMES, type Locale } from '../../../shared/i18n/locales.ts';
import { useAction } from '../../hooks/use-action.ts';
import { useI18n } from '../../i18n/use-i18n.ts';
import { useLocale } from '../../stores/locale.ts';
import { call } from '../../transport/current.ts';

export function LanguagePicker() {
  const i18n = useI18n();
  const setLocale = useLocale((s) => s.setLocale);
  const { busy, error, run } = useAction();
  return (
    <div className="field section">
      <label htmlFor="language">{i18n.t('settings.language')}</label>
      <select
        id="language"
        value={i18n.locale}
        disabled={busy}
        onChange={(e) =>
          void run(async () => {
            const saved = await call('saveSettings', { language: e.target.value as Locale });
            await setLocale(saved.language);
          })
        }
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {NATIVE_NAMES[l]}
          </option>
        ))}
      </select>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
