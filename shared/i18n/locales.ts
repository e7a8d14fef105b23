// The languages and the Intl conventions each is shown with.
import { LOCALES, type Locale } from '../locale.ts';

export { LOCALES, type Locale };

/** BCP 47 tags for Intl: the region picks the conventions these users expect (24-hour clock in uk/ru). */
export const INTL_LOCALE: Record<Locale, string> = { uk: 'uk-UA', ru: 'ru-RU', en: 'en-GB' };

/** Each language in its own name: someone who cannot read the current one still finds theirs. */
export const NATIVE_NAMES: Record<Locale, string> = { uk: 'Українська', ru: 'Русский', en: 'English' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
