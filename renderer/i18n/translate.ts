// Looking up and filling messages. Pure (no React), so the tests exercise exactly what the UI uses.
import type { Locale } from '../../shared/kpi.ts';
import { en } from './en.ts';
import { ru } from './ru.ts';
import type { Catalogue, PluralForms, PluralKey, TextKey, Vars } from './types.ts';
import { uk } from './uk.ts';

export const CATALOGUES: Record<Locale, Catalogue> = { uk, ru, en };
/** shared/kpi.ts's LOCALES, without loading that module (and zod with it) on the popover's path. */
export const LOCALE_LIST = Object.keys(CATALOGUES) as Locale[];

/** BCP 47 tags for Intl: the region picks the conventions these users expect (24-hour clock in uk/ru). */
export const INTL_LOCALE: Record<Locale, string> = { uk: 'uk-UA', ru: 'ru-RU', en: 'en-GB' };

export function fill(template: string, vars: Vars = {}): string {
  // An unknown placeholder stays visible rather than vanishing, so a typo shows up on screen.
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function text(locale: Locale, key: TextKey, vars?: Vars): string {
  return fill(CATALOGUES[locale][key], vars);
}

const pluralRules = new Map<Locale, Intl.PluralRules>();

/** The plural form for `n` by the language's own rules (Intl.PluralRules), with `{n}` filled in. */
export function plural(locale: Locale, key: PluralKey, n: number, vars: Vars = {}): string {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(INTL_LOCALE[locale])));
  const forms: PluralForms = CATALOGUES[locale][key];
  const category = rules.select(n) as keyof PluralForms;
  const template = forms[category] ?? forms.other;
  return fill(template, { ...vars, n: new Intl.NumberFormat(INTL_LOCALE[locale]).format(n) });
}
