// A time of day typed as 24-hour HH:MM whatever the browser's own locale (a time input would show
// "06:00 PM" in an English one); "9" becomes "09:00" once the person moves on.
import type { InputHTMLAttributes } from 'react';
import { parseTimeOfDay } from '../../shared/time-text.ts';

export function TimeInput({ value, onChange, ...rest }: { value: string; onChange: (text: string) => void } & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>) {
  return (
    <input
      {...rest}
      className="time-input"
      inputMode="numeric"
      autoComplete="off"
      placeholder="09:00"
      maxLength={5}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      onBlur={(e) => {
        const parsed = parseTimeOfDay(e.target.value);
        if (parsed) onChange(parsed);
      }}
    />
  );
}
