// A date typed day first as the locale writes it ("25.11.2026", in English "25/11/2026"), whatever
// the browser's own language: a native date field follows the browser, and an English Chromium
// shows "11/25/2026" on a Ukrainian page. ISO dates are read too.
import { useEffect, useState } from 'react';
import { dateFieldText, parseDateText } from '../../shared/time-text.ts';
import { useI18n } from '../i18n/use-i18n.ts';

/** Inside the <label> that names it. */
export function DateInput({ value, onChange }: { value: string; onChange: (date: string) => void }) {
  const i18n = useI18n();
  const separator = i18n.locale === 'en' ? '/' : '.';
  const [text, setText] = useState(() => dateFieldText(value, separator));
  // A date set from outside (or the language changed) shows as the locale writes it.
  useEffect(() => {
    if (parseDateText(text) !== value) setText(dateFieldText(value, separator));
  }, [value, separator]);
  const invalid = parseDateText(text) === null;
  return (
    <input
      className="date-input"
      inputMode="numeric"
      autoComplete="off"
      placeholder={i18n.t('app.dateFormat')}
      value={text}
      aria-invalid={invalid || undefined}
      onChange={(e) => {
        setText(e.target.value);
        const parsed = parseDateText(e.target.value);
        if (parsed) onChange(parsed);
      }}
      onBlur={() => {
        const parsed = parseDateText(text);
        if (parsed) setText(dateFieldText(parsed, separator));
      }}
    />
  );
}
