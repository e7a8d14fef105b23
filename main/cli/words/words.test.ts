// The CLI's own words are complete in every language, and the terminal's language is picked the
// way POSIX programs pick it.
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../../shared/locale.ts';
import { catalogueProblems } from '../../../shared/i18n/catalogue-rules.ts';
import { COMMON_SOURCE } from '../../../shared/i18n/common/index.ts';
import { CLI_OWN, systemLocale } from './index.ts';

describe('CLI words', () => {
  for (const locale of LOCALES) {
    it(`${locale} is complete`, () => {
      expect(catalogueProblems(CLI_OWN.uk, CLI_OWN[locale], locale)).toEqual([]);
    });
  }

  it('leaves the common words to shared/i18n', () => {
    expect(Object.keys(CLI_OWN.uk).filter((k) => k in COMMON_SOURCE)).toEqual([]);
  });
});

describe('the terminal’s language', () => {
  it('follows LC_ALL, then LC_MESSAGES, then LANG', () => {
    expect(systemLocale({ LC_ALL: 'uk_UA.UTF-8', LC_MESSAGES: 'ru_RU.UTF-8', LANG: 'en_US.UTF-8' })).toBe('uk');
    expect(systemLocale({ LC_MESSAGES: 'ru_RU.UTF-8', LANG: 'uk_UA.UTF-8' })).toBe('ru');
    expect(systemLocale({ LANG: 'uk_UA.UTF-8' })).toBe('uk');
    expect(systemLocale({ LC_ALL: '', LANG: 'ru_UA.UTF-8' })).toBe('ru');
    expect(systemLocale({ LANG: 'uk' })).toBe('uk');
  });

  it('speaks English for C, POSIX and every other language', () => {
    expect(systemLocale({ LC_ALL: 'C.UTF-8' })).toBe('en');
    expect(systemLocale({ LANG: 'POSIX' })).toBe('en');
    expect(systemLocale({ LANG: 'de_DE.UTF-8' })).toBe('en');
  });

  it('without any locale variable (Windows) asks the OS through Intl', () => {
    expect(systemLocale({}, 'uk-UA')).toBe('uk');
    expect(systemLocale({}, 'ru')).toBe('ru');
    expect(systemLocale({}, 'pl-PL')).toBe('en');
  });
});
