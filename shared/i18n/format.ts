// Dates, times, numbers and durations per locale, all through Intl. Instants are shown in the
// zone of the person whose day it is (the agent's AgentStatus.zone, a manager's zone on the
// dashboard), not the browser's: the day they belong to is that person's day.
import type { Locale } from '../locale.ts';
import { fill } from './fill.ts';
import { INTL_LOCALE } from './locales.ts';

/**
 * The compact duration patterns. Kept here, not in the catalogues, so formatting needs no
 * catalogue at all: a page can format before (or without) loading its language's messages.
 */
const DURATION: Record<Locale, { hm: string; m: string; s: string }> = {
  uk: { hm: '{h} год {m} хв', m: '{m} хв', s: '{s} с' },
  ru: { hm: '{h} ч {m} мин', m: '{m} мин', s: '{s} с' },
  en: { hm: '{h} h {m} min', m: '{m} min', s: '{s} s' },
};

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) cache.set(key, (f = make()));
  return f;
}

export function formatTime(locale: Locale, ms: number, zone: string, seconds = false): string {
  return cached(`t|${locale}|${zone}|${seconds}`, () =>
    new Intl.DateTimeFormat(INTL_LOCALE[locale], { hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}), timeZone: zone }),
  ).format(ms);
}

export function formatDateTime(locale: Locale, ms: number, zone: string): string {
  return cached(`dt|${locale}|${zone}`, () =>
    new Intl.DateTimeFormat(INTL_LOCALE[locale], { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: zone }),
  ).format(ms);
}

/** A calendar date 'YYYY-MM-DD' (no zone of its own: read at noon UTC so no zone shifts it). */
export function formatDate(locale: Locale, date: string, withWeekday = true): string {
  return cached(`d|${locale}|${withWeekday}`, () =>
    new Intl.DateTimeFormat(INTL_LOCALE[locale], { ...(withWeekday ? { weekday: 'long' } : {}), day: 'numeric', month: 'long', timeZone: 'UTC' }),
  ).format(new Date(`${date}T12:00:00Z`));
}

/** ISO weekday 1 (Monday) … 7 (Sunday), short, in the locale. */
export function weekdayName(locale: Locale, isoDay: number): string {
  // 2024-01-01 was a Monday.
  return cached(`wd|${locale}`, () => new Intl.DateTimeFormat(INTL_LOCALE[locale], { weekday: 'short', timeZone: 'UTC' })).format(
    new Date(Date.UTC(2024, 0, isoDay, 12)),
  );
}

export function formatNumber(locale: Locale, n: number): string {
  return cached(`n|${locale}`, () => new Intl.NumberFormat(INTL_LOCALE[locale], { maximumFractionDigits: 2 })).format(n);
}

/** An amount in the organization's currency, as the locale writes money ("12 500,00 грн"). */
export function formatMoney(locale: Locale, amount: number, currency: string): string {
  return cached(`m|${locale}|${currency}`, () => new Intl.NumberFormat(INTL_LOCALE[locale], { style: 'currency', currency })).format(amount);
}

/** A KPI's value in its unit: a count, minutes, money in `currency`, or a percentage. */
export function formatKpiValue(locale: Locale, value: number, unit: 'count' | 'minutes' | 'money' | 'percent', currency: string): string {
  switch (unit) {
    case 'money':
      return formatMoney(locale, value, currency);
    case 'minutes':
      return formatDuration(locale, value * 60_000);
    case 'percent':
      return cached(`p|${locale}`, () => new Intl.NumberFormat(INTL_LOCALE[locale], { style: 'percent', maximumFractionDigits: 1 })).format(value / 100);
    case 'count':
      return formatNumber(locale, value);
  }
}

/** "2 год 05 хв" / "45 хв" / "30 с" (under a minute; some time is never "0"): compact, for figures and labels. */
export function formatDuration(locale: Locale, ms: number): string {
  if (ms > 0 && ms < 60_000) return fill(DURATION[locale].s, { s: formatNumber(locale, Math.max(1, Math.round(ms / 1000))) });
  const totalMin = Math.floor(Math.max(0, ms) / 60_000);
  const h = Math.floor(totalMin / 60);
  const m = totalMin % 60;
  if (h === 0) return fill(DURATION[locale].m, { m: formatNumber(locale, m) });
  return fill(DURATION[locale].hm, { h: formatNumber(locale, h), m: String(m).padStart(2, '0') });
}

/** "7:05:09": the ticking clock (digits and colons read the same in all three languages). */
export function formatClock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}
