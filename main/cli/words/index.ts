// The CLI's words in each language: the common ones and its own, and how it picks the language.
import { COMMON, type CommonSource } from '../../../shared/i18n/common/index.ts';
import { i18nFor, type I18n } from '../../../shared/i18n/i18n.ts';
import { translator, withCommon } from '../../../shared/i18n/translate.ts';
import type { CatalogueOf, PluralKeyOf, TextKeyOf } from '../../../shared/i18n/types.ts';
import { isLocale, type Locale } from '../../../shared/i18n/locales.ts';
import { en } from './en.ts';
import { ru } from './ru.ts';
import { uk } from './uk.ts';

export type CliCatalogue = CatalogueOf<typeof uk>;
type Source = CommonSource & typeof uk;
export type CliI18n = I18n<TextKeyOf<Source>, PluralKeyOf<Source>>;

export const CLI_OWN = { uk, ru, en };
const CLI_TRANSLATOR = translator<Source>({ uk: withCommon(COMMON.uk, uk), ru: withCommon(COMMON.ru, ru), en: withCommon(COMMON.en, en) });

export function cliI18n(locale: Locale): CliI18n {
  return i18nFor(locale, CLI_TRANSLATOR);
}

/**
 * The language of the terminal: --lang if given, else the locale the system gives messages in
 * (POSIX order: LC_ALL, then LC_MESSAGES, then LANG; "uk_UA.UTF-8" → uk). With none of them set
 * (Windows, a bare service) the OS locale Intl reports. Anything but Ukrainian or Russian is English.
 */
export function systemLocale(env: NodeJS.ProcessEnv = process.env, intlLocale = Intl.DateTimeFormat().resolvedOptions().locale): Locale {
  const posix = env.LC_ALL || env.LC_MESSAGES || env.LANG;
  const tag = posix ?? intlLocale;
  const language = tag.toLowerCase().split(/[_.@-]/)[0];
  return isLocale(language) ? language : 'en';
}
