import { describe, expect, it } from 'vitest';
import type { AgentStatus, Prompt } from '../../shared/api.ts';
import { i18nFor as make } from '../../shared/i18n/i18n.ts';
import type { Locale } from '../../shared/locale.ts';
import { TRANSLATOR } from '../i18n/translate.ts';
import { tabTitle } from './tab.ts';

const i18nFor = (locale: Locale) => make(locale, TRANSLATOR);
const status = (state: AgentStatus['state']) => ({ state }) as AgentStatus;
const plan: Prompt = { kind: 'plan', date: '2026-03-02', snoozesLeft: 2 };

describe('the tab title', () => {
  it('says the ticking time and the state, and how many things wait', () => {
    const uk = i18nFor('uk');
    expect(tabTitle(uk, status('working'), [], 3_725_000)).toBe('1:02:05 · Працюю — Zvit');
    expect(tabTitle(uk, status('working'), [plan], 3_725_000)).toBe('(1) 1:02:05 · Працюю — Zvit');
    expect(tabTitle(i18nFor('ru'), status('break'), [], 60_000)).toBe('0:01:00 · Перерыв — Zvit');
  });

  it('clocked out it shows no clock; before the first answer just the name', () => {
    expect(tabTitle(i18nFor('en'), status('clocked_out'), [plan], 0)).toBe('(1) Clocked out — Zvit');
    expect(tabTitle(i18nFor('uk'), null, [], 0)).toBe('Zvit');
  });
});
