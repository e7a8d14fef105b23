// The language picker of the header and the sign-in page (kept apart from the other pickers, which
// need the contract, so the sign-in page stays small).
import { LOCALES, NATIVE_NAMES } from '../../shared/i18n/locales.ts';
import { useI18n } from '../i18n/use-i18n.ts';
import { useLocale } from '../stores/locale.ts';

export function LanguagePicker() {
  const i18n = useI18n();
  const { locale, setLocale } = useLocale();
  return (
    <label className="lang">
      <span className="visually-hidden">{i18n.t('app.language')}</span>
      <select value={locale} onChange={(e) => void setLocale(e.target.value as typeof locale)} aria-label={i18n.t('app.language')}>
        <LocaleOptions />
      </select>
    </label>
  );
}

/** Each language Zvit speaks as an option, named in itself. */
export function LocaleOptions() {
  return LOCALES.map((l) => (
    <option key={l} value={l} lang={l}>
      {NATIVE_NAMES[l]}
    </option>
  ));
}
