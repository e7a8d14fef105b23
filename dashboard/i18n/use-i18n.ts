// The dashboard's i18n in the chosen language (stores/locale.ts), whose messages are loaded
// before it is chosen (i18n/load.ts).
import { useMemo } from 'react';
import { useLocale } from '../stores/locale.ts';
import { i18nFor } from './load.ts';
import type { I18n } from './translate.ts';

export type { I18n };

export function useI18n(): I18n {
  const locale = useLocale((s) => s.locale);
  return useMemo(() => i18nFor(locale), [locale]);
}
