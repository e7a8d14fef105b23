// The dashboard's messages as the page uses them: only the language shown is fetched (its own
// chunk, the common words and the dashboard's), before the first render and on a switch, so the
// sign-in page does not carry all three. translate.ts has them all at once for the tests.
import { i18nFor as sharedI18nFor } from '../../shared/i18n/i18n.ts';
import { translator, withCommon } from '../../shared/i18n/translate.ts';
import type { CatalogueOf } from '../../shared/i18n/types.ts';
import type { Locale } from '../../shared/locale.ts';
import type { I18n } from './translate.ts';
import type { Source } from './types.ts';

type Catalogue = CatalogueOf<Source>;

const FETCH: Record<Locale, () => Promise<Catalogue>> = {
  uk: async () => {
    const [common, own] = await Promise.all([import('../../shared/i18n/common/uk.ts'), import('./uk.ts')]);
    return withCommon(common.uk, own.uk);
  },
  ru: async () => {
    const [common, own] = await Promise.all([import('../../shared/i18n/common/ru.ts'), import('./ru.ts')]);
    return withCommon(common.ru, own.ru);
  },
  en: async () => {
    const [common, own] = await Promise.all([import('../../shared/i18n/common/en.ts'), import('./en.ts')]);
    return withCommon(common.en, own.en);
  },
};

const loaded: Partial<Record<Locale, Catalogue>> = {};
const pending: Partial<Record<Locale, Promise<void>>> = {};
const TRANSLATOR = translator<Source>(loaded as Record<Locale, Catalogue>);

export function isCatalogueLoaded(locale: Locale): boolean {
  return locale in loaded;
}

/** Fetches a language's messages once; later calls share the same fetch. */
export function loadCatalogue(locale: Locale): Promise<void> {
  pending[locale] ??= FETCH[locale]().then(
    (catalogue) => {
      loaded[locale] = catalogue;
    },
    (error: unknown) => {
      delete pending[locale];
      throw error;
    },
  );
  return pending[locale];
}

/** The i18n of a language already loaded (loadCatalogue first). */
export function i18nFor(locale: Locale): I18n {
  return sharedI18nFor(locale, TRANSLATOR);
}
