// Picking a plural form by the language's own rules (Intl.PluralRules).
import type { Locale } from '../locale.ts';
import { INTL_LOCALE } from './locales.ts';
import { fill } from './fill.ts';
import type { PluralForms, Vars } from './types.ts';

const rulesByLocale = new Map<Locale, Intl.PluralRules>();
const numbers = new Map<Locale, Intl.NumberFormat>();

/** The form for `n` among `forms`, with `{n}` filled in as the locale writes numbers. */
export function pluralOf(locale: Locale, forms: PluralForms, n: number, vars: Vars = {}): string {
  let rules = rulesByLocale.get(locale);
  if (!rules) rulesByLocale.set(locale, (rules = new Intl.PluralRules(INTL_LOCALE[locale])));
  let number = numbers.get(locale);
  if (!number) numbers.set(locale, (number = new Intl.NumberFormat(INTL_LOCALE[locale])));
  const category = rules.select(n) as keyof PluralForms;
  const template = forms[category] ?? forms.other;
  return fill(template, { ...vars, n: number.format(n) });
}
