// The dashboard's own words are complete in every language and do not redefine a common word.
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../shared/locale.ts';
import { catalogueProblems } from '../../shared/i18n/catalogue-rules.ts';
import { COMMON_SOURCE } from '../../shared/i18n/common/index.ts';
import { PRESENCE_STATES, REPORT_STATES } from '../../shared/dashboard-api.ts';
import { OWN_CATALOGUES } from './translate.ts';
import { uk } from './uk.ts';

describe('dashboard catalogue', () => {
  for (const locale of LOCALES) {
    it(`${locale} is complete`, () => {
      expect(catalogueProblems(uk, OWN_CATALOGUES[locale], locale)).toEqual([]);
    });
  }

  it('leaves the common words to shared/i18n/common (one word, one place)', () => {
    expect(Object.keys(uk).filter((k) => k in COMMON_SOURCE)).toEqual([]);
  });

  it('names every presence and report state the contract has', () => {
    for (const state of PRESENCE_STATES) expect({ ...COMMON_SOURCE, ...uk }).toHaveProperty([`presence.${state}`]);
    for (const state of REPORT_STATES) expect(uk).toHaveProperty([`reportState.${state}`]);
  });
});
