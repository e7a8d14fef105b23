// The agent UI's i18n: its catalogues in the language picked in Settings (stores/locale.ts).
import { useMemo } from 'react';
import type { Locale } from '../../shared/locale.ts';
import { i18nFor as uiI18nFor, type I18n as UiI18n } from '../../shared/i18n/i18n.ts';
import { useLocale } from '../stores/locale.ts';
import { RUNTIME_TRANSLATOR } from './runtime.ts';
import type { PluralKey, TextKey } from './types.ts';

export type I18n = UiI18n<TextKey, PluralKey>;

export function i18nFor(locale: Locale): I18n {
  return uiI18nFor(locale, RUNTIME_TRANSLATOR);
}

export function useI18n(): I18n {
  const locale = useLocale((s) => s.locale);
  return useMemo(() => i18nFor(locale), [locale]);
}
