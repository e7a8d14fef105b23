// The dashboard's messages in each language (the common words and its own), bound to the shared
// engine, all three at once: the tests and specs read them here; the page loads only the language
// it shows (load.ts).
import { COMMON } from '../../shared/i18n/common/index.ts';
import { i18nFor as sharedI18nFor, type I18n as SharedI18n } from '../../shared/i18n/i18n.ts';
import { translator, withCommon } from '../../shared/i18n/translate.ts';
import type { CatalogueOf } from '../../shared/i18n/types.ts';
import type { Locale } from '../../shared/locale.ts';
import { en } from './en.ts';
import { ru } from './ru.ts';
import type { PluralKey, Source, TextKey } from './types.ts';
import { uk } from './uk.ts';

/** The dashboard's own messages per language, without the common words (the tests check these). */
export const OWN_CATALOGUES = { uk, ru, en };

export const CATALOGUES: Record<Locale, CatalogueOf<Source>> = {
  uk: withCommon(COMMON.uk, uk),
  ru: withCommon(COMMON.ru, ru),
  en: withCommon(COMMON.en, en),
};

export const TRANSLATOR = translator<Source>(CATALOGUES);

export type I18n = SharedI18n<TextKey, PluralKey>;

export function i18nFor(locale: Locale): I18n {
  return sharedI18nFor(locale, TRANSLATOR);
}
