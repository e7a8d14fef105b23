// Every language must carry exactly uk's keys, the same placeholders, and every plural form its
// own rules can select: a gap here is a blank or a wrong word on a manager's screen.
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../shared/kpi.ts';
import { MISS_REASONS } from '../../shared/kpi.ts';
import { ITEM_OUTCOMES } from '../../shared/plan.ts';
import { CATALOGUES, INTL_LOCALE } from './translate.ts';
import { uk } from './uk.ts';

const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

describe('message catalogues', () => {
  const source = Object.keys(uk).sort();

  for (const locale of LOCALES) {
    const catalogue = CATALOGUES[locale] as Record<string, unknown>;

    it(`${locale} has no key missing from uk`, () => {
      expect(source.filter((k) => !(k in catalogue))).toEqual([]);
    });

    it(`${locale} has no key that uk lacks`, () => {
      expect(Object.keys(catalogue).filter((k) => !(k in uk))).toEqual([]);
    });

    it(`${locale} keeps uk's placeholders and has no empty message`, () => {
      for (const key of source) {
        const ours = catalogue[key];
        const theirs = (uk as Record<string, unknown>)[key];
        if (typeof theirs === 'string') {
          expect(typeof ours, key).toBe('string');
          expect((ours as string).trim(), key).not.toBe('');
          expect(placeholders(ours as string), key).toEqual(placeholders(theirs));
        } else {
          expect(typeof ours, key).toBe('object');
        }
      }
    });

    it(`${locale} plural messages have every form Intl.PluralRules can pick, each with {n}`, () => {
      const needed = new Intl.PluralRules(INTL_LOCALE[locale]).resolvedOptions().pluralCategories;
      for (const key of source) {
        const forms = catalogue[key];
        if (typeof forms !== 'object' || forms === null) continue;
        for (const category of needed) {
          const template = (forms as Record<string, string | undefined>)[category];
          expect(template, `${locale} ${key}.${category}`).toBeTypeOf('string');
          expect(template, `${locale} ${key}.${category}`).toContain('{n}');
        }
      }
    });
  }

  it('names every miss reason and every task outcome the contract has', () => {
    for (const reason of MISS_REASONS) expect(uk).toHaveProperty([`reason.${reason}`]);
    for (const outcome of ITEM_OUTCOMES) expect(uk).toHaveProperty([`outcome.${outcome}`]);
  });
});
