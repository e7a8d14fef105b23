// The React side: an app renders <I18nProvider value={its i18n}> once at the top, and ui/'s
// components read the common words from it. An app's own I18n carries the common keys too, so the
// same object serves both.
import { createContext, useContext } from 'react';
import type { I18n } from '../../shared/i18n/i18n.ts';

const I18nContext = createContext<I18n | null>(null);

export const I18nProvider = I18nContext.Provider;

export function useCommonI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('ui/ components need an <I18nProvider> above them.');
  return i18n;
}
