// The agent UI's own words are complete in every language and do not redefine a common word.
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../shared/locale.ts';
import { catalogueProblems } from '../../shared/i18n/catalogue-rules.ts';
import { COMMON_SOURCE } from '../../shared/i18n/common/index.ts';
import { OWN_CATALOGUES } from './translate.ts';
import { uk } from './uk.ts';

describe('agent UI catalogue', () => {
  for (const locale of LOCALES) {
    it(`${locale} is complete`, () => {
      expect(catalogueProblems(uk, OWN_CATALOGUES[locale], locale)).toEqual([]);
    });
  }

  it('leaves the common words to ui/ (one word, one place)', () => {
    expect(Object.keys(uk).filter((k) => k in COMMON_SOURCE)).toEqual([]);
  });
});
