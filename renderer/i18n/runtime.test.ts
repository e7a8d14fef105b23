// The page's messages load per language and say exactly what the full catalogues say.
import { describe, expect, it } from 'vitest';
import { isLoaded, loadLocale, RUNTIME_TRANSLATOR } from './runtime.ts';
import { CATALOGUES } from './translate.ts';

describe('messages loaded per language', () => {
  it('has Ukrainian at once and fetches another language when asked', async () => {
    expect(isLoaded('uk')).toBe(true);
    expect(isLoaded('ru')).toBe(false);
    expect(RUNTIME_TRANSLATOR.text('ru', 'nav.day')).toBe(CATALOGUES.uk['nav.day']);
    await loadLocale('ru');
    expect(isLoaded('ru')).toBe(true);
    expect(RUNTIME_TRANSLATOR.text('ru', 'nav.day')).toBe('Мой день');
  });

  it('loaded, every language says what the full catalogues say', async () => {
    await Promise.all([loadLocale('ru'), loadLocale('en')]);
    for (const locale of ['uk', 'ru', 'en'] as const) {
      for (const [key, value] of Object.entries(CATALOGUES[locale])) {
        // Without vars a message comes back as written, placeholders and all.
        if (typeof value === 'string') expect(RUNTIME_TRANSLATOR.text(locale, key as 'nav.day'), `${locale} ${key}`).toBe(value);
      }
      expect(RUNTIME_TRANSLATOR.plural(locale, 'plural.minutes', 5)).toBe(
        ({ uk: '5 хвилин', ru: '5 минут', en: '5 minutes' } as const)[locale],
      );
    }
  });
});
