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
