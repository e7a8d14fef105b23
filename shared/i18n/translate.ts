// Looking up and filling messages in an app's catalogues. Pure (no React, no Node), so the agent
// UI, the dashboard and the CLI share it, and the tests exercise exactly what they use. Each app
// builds one translator over its catalogues, which carry the common words (common/) and its own.
import type { Locale } from '../locale.ts';
import { fill } from './fill.ts';
import { pluralOf } from './plural.ts';
import type { CatalogueOf, PluralForms, PluralKeyOf, TextKeyOf, Vars } from './types.ts';

export interface Translator<T extends string, P extends string> {
  text(locale: Locale, key: T, vars?: Vars): string;
  plural(locale: Locale, key: P, n: number, vars?: Vars): string;
}

export function translator<Source>(catalogues: Record<Locale, CatalogueOf<Source>>): Translator<TextKeyOf<Source>, PluralKeyOf<Source>> {
  const lookup = (locale: Locale, key: string) => (catalogues[locale] as Record<string, string | PluralForms>)[key];
  return {
    text: (locale, key, vars) => fill(lookup(locale, key) as string, vars),
    plural: (locale, key, n, vars) => pluralOf(locale, lookup(locale, key) as PluralForms, n, vars),
  };
}

/** An app's catalogue: the common words first, then its own (which may not redefine them). */
export function withCommon<C extends object, A extends object>(common: C, own: A): C & A {
  return { ...common, ...own };
}
