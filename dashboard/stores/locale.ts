// The dashboard's language: the one picked here (kept in this browser), else the browser's own
// if Zvit speaks it, else Ukrainian. A language's messages are fetched before it is switched to.
import { create } from 'zustand';
import { isLocale, type Locale } from '../../shared/i18n/locales.ts';
import { loadCatalogue } from '../i18n/load.ts';

const KEY = 'zvit.dashboard.locale';

export function browserLocale(languages: readonly string[]): Locale {
  for (const tag of languages) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return 'uk';
}

function initial(): Locale {
  try {
    const saved = localStorage.getItem(KEY);
    if (isLocale(saved)) return saved;
  } catch {
    // Storage off: follow the browser.
  }
  return browserLocale(navigator.languages ?? [navigator.language]);
}

interface LocaleState {
  locale: Locale;
  /** Switches once the language's messages are here (at once when they already are). */
  setLocale(locale: Locale): Promise<void>;
}

export const useLocale = create<LocaleState>((set) => ({
  locale: initial(),
  async setLocale(locale) {
    await loadCatalogue(locale);
    try {
      localStorage.setItem(KEY, locale);
    } catch {
      // Kept for this visit only.
    }
    document.documentElement.lang = locale;
    set({ locale });
  },
}));
