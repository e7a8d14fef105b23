// Times of day as a person types them, read as 24-hour 'HH:MM': "9" → 09:00, "930" → 09:30,
// "9.30" or "9-30" → 09:30, "18:5" → 18:05. Null when it is not a time of day.
export function parseTimeOfDay(text: string): string | null {
  const t = text.trim();
  let h: number;
  let m: number;
  const split = /^(\d{1,2})\s*[:.\-h ]\s*(\d{1,2})$/.exec(t);
  if (split) {
    h = Number(split[1]);
    m = Number(split[2]);
  } else if (/^\d{1,2}$/.test(t)) {
    h = Number(t);
    m = 0;
  } else if (/^\d{3,4}$/.test(t)) {
    h = Number(t.slice(0, -2));
    m = Number(t.slice(-2));
  } else return null;
  if (h > 23 || m > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/**
 * A date as a person types it, day first as uk, ru and en-GB write it ("25.11.2026", "25/11/26",
 * "5-3-2026"), or ISO ("2026-11-25"); 'YYYY-MM-DD', or null when it is no real date.
 */
export function parseDateText(text: string): string | null {
  const t = text.trim();
  let y: number;
  let m: number;
  let d: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  const dayFirst = /^(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{2}|\d{4})$/.exec(t);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (dayFirst) [d, m, y] = [Number(dayFirst[1]), Number(dayFirst[2]), Number(dayFirst[3]!.length === 2 ? `20${dayFirst[3]}` : dayFirst[3])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** 'YYYY-MM-DD' as the field shows it: day first, with the locale's separator. */
export function dateFieldText(date: string, separator: '.' | '/'): string {
  const [y, m, d] = date.split('-');
  return `${d}${separator}${m}${separator}${y}`;
}
