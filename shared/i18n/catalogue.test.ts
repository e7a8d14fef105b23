// The common words are complete in every language and name everything the contract has.
import { describe, expect, it } from 'vitest';
import { MISS_REASONS } from '../kpi.ts';
import { LOCALES } from '../locale.ts';
import { ITEM_OUTCOMES } from '../plan.ts';
import { catalogueProblems } from './catalogue-rules.ts';
import { COMMON, COMMON_SOURCE } from './common/index.ts';

describe('common catalogue', () => {
  for (const locale of LOCALES) {
    it(`${locale} is complete`, () => {
      expect(catalogueProblems(COMMON_SOURCE, COMMON[locale], locale)).toEqual([]);
    });
  }

  it('names every miss reason and every task outcome the contract has', () => {
    for (const reason of MISS_REASONS) expect(COMMON_SOURCE).toHaveProperty([`reason.${reason}`]);
    for (const outcome of ITEM_OUTCOMES) expect(COMMON_SOURCE).toHaveProperty([`outcome.${outcome}`]);
  });

  it('finds what a broken catalogue lacks', () => {
    const broken = { ...COMMON.ru, 'state.working': '', 'day.trackedOf': '{tracked} из', 'plural.minutes': { one: '{n} минута', other: '{n} минуты' } } as Record<string, unknown>;
    delete broken['state.break'];
    broken['state.extra'] = 'x';
    expect(catalogueProblems(COMMON_SOURCE, broken, 'ru')).toEqual([
      'ru: missing state.break',
      'ru: state.extra is not in the source',
      'ru: state.working is empty',
      'ru: day.trackedOf has placeholders {tracked}, the source {estimate}, {tracked}',
      'ru: plural.minutes.few is missing or has no {n}',
      'ru: plural.minutes.many is missing or has no {n}',
    ]);
  });
});
