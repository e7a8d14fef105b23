// The UI language. Starts as the agent's saved setting (loaded at start-up) and changes as soon
// as its messages are loaded when the manager picks another in Settings.
import { create } from 'zustand';
import { isLocale, type Locale } from '../../shared/i18n/locales.ts';
import { loadLocale } from '../i18n/runtime.ts';

// The last language shown is remembered in this browser, so the first paint is already in it
// (the agent's saved setting arrives a moment later and wins if it differs).
const REMEMBERED = 'zvit.language';
function remembered(): Locale {
  const value = localStorage.getItem(REMEMBERED);
  return isLocale(value) ? value : 'uk';
}

interface LocaleState {
  locale: Locale;
  /** Loads the language's messages (if not yet), then switches to it. */
  setLocale(locale: Locale): Promise<void>;
}

export const useLocale = create<LocaleState>((set) => ({
  locale: remembered(),
  setLocale: async (locale) => {
    await loadLocale(locale);
    document.documentElement.lang = locale;
    localStorage.setItem(REMEMBERED, locale);
    set({ locale });
  },
}));
