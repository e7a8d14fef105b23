// What makes a language's catalogue complete: exactly the source's keys, the same placeholders,
// no empty message, every plural form the language's own rules can select, and a percentage
// written as the language's number format writes one ("48%" in Ukrainian, "48 %" in Russian), so
// a message does not differ from the figures beside it. A gap here is a blank or a wrong word on
// someone's screen. Pure, so each app's tests run it on its catalogues.
import type { Locale } from '../locale.ts';
import { INTL_LOCALE } from './locales.ts';

const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

/** What the language puts between a number and its percent sign ('' or a no-break space). */
const percentGap = (locale: Locale): string => new Intl.NumberFormat(INTL_LOCALE[locale], { style: 'percent' }).format(0.5).replace(/^50|%$/g, '');

/** Every problem of `catalogue` (in `locale`) against `source`, as readable lines; [] when none. */
export function catalogueProblems(source: object, catalogue: object, locale: Locale): string[] {
  const problems: string[] = [];
  const theirs = source as Record<string, unknown>;
  const ours = catalogue as Record<string, unknown>;
  for (const key of Object.keys(theirs)) if (!(key in ours)) problems.push(`${locale}: missing ${key}`);
  for (const key of Object.keys(ours)) if (!(key in theirs)) problems.push(`${locale}: ${key} is not in the source`);
  const needed = new Intl.PluralRules(INTL_LOCALE[locale]).resolvedOptions().pluralCategories;
  for (const [key, model] of Object.entries(theirs)) {
    const value = ours[key];
    if (value === undefined) continue;
    if (typeof model === 'string') {
      if (typeof value !== 'string') problems.push(`${locale}: ${key} should be a plain message`);
      else if (value.trim() === '') problems.push(`${locale}: ${key} is empty`);
      else if (placeholders(value).join() !== placeholders(model).join()) problems.push(`${locale}: ${key} has placeholders {${placeholders(value).join('}, {')}}, the source {${placeholders(model).join('}, {')}}`);
      if (typeof value === 'string') for (const [, gap] of value.matchAll(/\d(\s*)%/g)) if (gap !== percentGap(locale)) problems.push(`${locale}: ${key} writes a percentage unlike the language's numbers (${JSON.stringify(percentGap(locale))} before %)`);
    } else if (typeof value !== 'object' || value === null) {
      problems.push(`${locale}: ${key} should have plural forms`);
    } else {
      for (const category of needed) {
        const template = (value as Record<string, unknown>)[category];
        if (typeof template !== 'string' || !template.includes('{n}')) problems.push(`${locale}: ${key}.${category} is missing or has no {n}`);
      }
    }
  }
  return problems;
}
