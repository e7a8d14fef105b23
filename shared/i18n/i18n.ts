// One object with everything a screen (or the CLI) needs to speak a language: its messages,
// plurals and the Intl formats. Each app makes it from its own translator; ui/'s components take
// the common part.
import type { Locale } from '../locale.ts';
import type { CommonPluralKey, CommonTextKey } from './common/index.ts';
import { formatDate, formatDateTime, formatDuration, formatKpiValue, formatMoney, formatNumber, formatTime, weekdayName } from './format.ts';
import type { Translator } from './translate.ts';
import type { Vars } from './types.ts';

export interface I18n<T extends string = CommonTextKey, P extends string = CommonPluralKey> {
  locale: Locale;
  t(key: T, vars?: Vars): string;
  p(key: P, n: number, vars?: Vars): string;
  time(ms: number, zone: string, seconds?: boolean): string;
  dateTime(ms: number, zone: string): string;
  date(date: string, withWeekday?: boolean): string;
  duration(ms: number): string;
  number(n: number): string;
  money(amount: number, currency: string): string;
  /** A KPI's value in its unit (count, minutes, money, percent). */
  kpi(value: number, unit: 'count' | 'minutes' | 'money' | 'percent', currency: string): string;
  weekday(isoDay: number): string;
}

export function i18nFor<T extends string, P extends string>(locale: Locale, translate: Translator<T, P>): I18n<T, P> {
  return {
    locale,
    t: (key, vars) => translate.text(locale, key, vars),
    p: (key, n, vars) => translate.plural(locale, key, n, vars),
    time: (ms, zone, seconds) => formatTime(locale, ms, zone, seconds),
    dateTime: (ms, zone) => formatDateTime(locale, ms, zone),
    date: (date, withWeekday) => formatDate(locale, date, withWeekday),
    duration: (ms) => formatDuration(locale, ms),
    number: (n) => formatNumber(locale, n),
    money: (amount, currency) => formatMoney(locale, amount, currency),
    kpi: (value, unit, currency) => formatKpiValue(locale, value, unit, currency),
    weekday: (d) => weekdayName(locale, d),
  };
}
