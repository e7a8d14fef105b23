// The React side of i18n: the current language's text, plurals and Intl formatters in one object.
import { useMemo } from 'react';
import type { Locale } from '../../shared/kpi.ts';
import { useLocale } from '../stores/locale.ts';
import { formatDate, formatDateTime, formatDuration, formatNumber, formatTime, weekdayName } from './format.ts';
import { plural, text } from './translate.ts';
import type { PluralKey, TextKey, Vars } from './types.ts';

export interface I18n {
  locale: Locale;
  t(key: TextKey, vars?: Vars): string;
  p(key: PluralKey, n: number, vars?: Vars): string;
  time(ms: number, zone: string, seconds?: boolean): string;
  dateTime(ms: number, zone: string): string;
  date(date: string, withWeekday?: boolean): string;
  duration(ms: number): string;
  number(n: number): string;
  weekday(isoDay: number): string;
}

export function i18nFor(locale: Locale): I18n {
  return {
    locale,
    t: (key, vars) => text(locale, key, vars),
    p: (key, n, vars) => plural(locale, key, n, vars),
    time: (ms, zone, seconds) => formatTime(locale, ms, zone, seconds),
    dateTime: (ms, zone) => formatDateTime(locale, ms, zone),
    date: (date, withWeekday) => formatDate(locale, date, withWeekday),
    duration: (ms) => formatDuration(locale, ms),
    number: (n) => formatNumber(locale, n),
    weekday: (d) => weekdayName(locale, d),
  };
}

export function useI18n(): I18n {
  const locale = useLocale((s) => s.locale);
  return useMemo(() => i18nFor(locale), [locale]);
}
