// The agent UI's messages in each language (the common words and its own) and the functions to
// read them. The engine is ui/i18n; this file only binds it to these catalogues.
import type { Locale } from '../../shared/locale.ts';
import { COMMON } from '../../shared/i18n/common/index.ts';
import { translator, withCommon } from '../../shared/i18n/translate.ts';
import type { CatalogueOf } from '../../shared/i18n/types.ts';
import { en } from './en.ts';
import { ru } from './ru.ts';
import type { Source } from './types.ts';
import { uk } from './uk.ts';

export { fill } from '../../shared/i18n/fill.ts';
export { INTL_LOCALE } from '../../shared/i18n/locales.ts';

/** The agent UI's own messages per language, without the common words (the tests check these). */
export const OWN_CATALOGUES = { uk, ru, en };

export const CATALOGUES: Record<Locale, CatalogueOf<Source>> = {
  uk: withCommon(COMMON.uk, uk),
  ru: withCommon(COMMON.ru, ru),
  en: withCommon(COMMON.en, en),
};

export const TRANSLATOR = translator<Source>(CATALOGUES);
export const text = TRANSLATOR.text;
export const plural = TRANSLATOR.plural;
