// The agent UI's messages as the page loads them: Ukrainian (the default) comes with the page,
// Russian and English are fetched when first needed, so the popover's first paint does not parse
// three languages to show one. renderer/i18n/translate.ts has all of them at once, for tests.
import { uk as commonUk } from '../../shared/i18n/common/uk.ts';
import { fill } from '../../shared/i18n/fill.ts';
import { pluralOf } from '../../shared/i18n/plural.ts';
import type { Translator } from '../../shared/i18n/translate.ts';
import type { CatalogueOf, PluralForms } from '../../shared/i18n/types.ts';
import type { Locale } from '../../shared/locale.ts';
import type { PluralKey, Source, TextKey } from './types.ts';
import { uk } from './uk.ts';

type Full = CatalogueOf<Source>;

const loaded: Partial<Record<Locale, Full>> = { uk: { ...commonUk, ...uk } };

const LOADERS: Record<Exclude<Locale, 'uk'>, () => Promise<Full>> = {
  ru: async () => {
    const [common, own] = await Promise.all([import('../../shared/i18n/common/ru.ts'), import('./ru.ts')]);
    return { ...common.ru, ...own.ru };
  },
  en: async () => {
    const [common, own] = await Promise.all([import('../../shared/i18n/common/en.ts'), import('./en.ts')]);
    return { ...common.en, ...own.en };
  },
};

export function isLoaded(locale: Locale): boolean {
  return loaded[locale] !== undefined;
}

/** Makes `locale`'s messages available; resolves at once for one already loaded. */
export async function loadLocale(locale: Locale): Promise<void> {
  if (loaded[locale]) return;
  loaded[locale] = await LOADERS[locale as Exclude<Locale, 'uk'>]();
}

// A language still loading speaks Ukrainian meanwhile (the locale store switches only once loaded).
const lookup = (locale: Locale, key: string) => ((loaded[locale] ?? loaded.uk) as Record<string, string | PluralForms>)[key];

export const RUNTIME_TRANSLATOR: Translator<TextKey, PluralKey> = {
  text: (locale, key, vars) => fill(lookup(locale, key) as string, vars),
  plural: (locale, key, n, vars) => pluralOf(locale, lookup(locale, key) as PluralForms, n, vars),
};
