// The working schedule: when the plan and the report are asked for. Times are typed as 24-hour
// HH:MM whatever the browser's own locale (a time input would show "06:00 PM" in an English one).
import { useState } from 'react';
import type { Settings } from '../../../shared/api.ts';
import { useAction } from '../../hooks/use-action.ts';
import { useI18n } from '../../i18n/use-i18n.ts';
import { useAgent } from '../../stores/agent.ts';
import { call } from '../../transport/current.ts';
import { parseTimeOfDay } from '../../../shared/time-text.ts';

const WEEK = [1, 2, 3, 4, 5, 6, 7];

function TimeField({ id, label, value, invalid, describedBy, onChange }: { id: string; label: string; value: string; invalid: boolean; describedBy?: string; onChange(text: string): void }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="time-input"
        inputMode="numeric"
        autoComplete="off"
        placeholder="09:00"
        maxLength={5}
        value={value}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy ? `${describedBy} schedule-hint` : 'schedule-hint'}
        onChange={(e) => onChange(e.target.value)}
        // "9" becomes "09:00" once the manager moves on.
        onBlur={(e) => {
          const parsed = parseTimeOfDay(e.target.value);
          if (parsed) onChange(parsed);
        }}
      />
    </div>
  );
}

export function ScheduleForm({ settings, onSaved }: { settings: Settings; onSaved(settings: Settings): void }) {
  const i18n = useI18n();
  const refresh = useAgent((s) => s.refresh);
  const [start, setStart] = useState(settings.schedule.start);
  const [end, setEnd] = useState(settings.schedule.end);
  const [days, setDays] = useState(settings.schedule.days);
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction();
  const startTime = parseTimeOfDay(start);
  const endTime = parseTimeOfDay(end);
  const backwards = startTime !== null && endTime !== null && endTime <= startTime;
  const problem = startTime === null || endTime === null ? 'settings.badTime' : backwards ? 'settings.endBeforeStart' : null;
  const edited = () => setSaved(false);
  return (
    <form
      className="section"
      aria-labelledby="schedule-heading"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (problem || !startTime || !endTime) return;
        void run(async () => {
          onSaved(await call('saveSettings', { schedule: { start: startTime, end: endTime, days: [...days].sort() } }));
          setStart(startTime);
          setEnd(endTime);
          setSaved(true);
          await refresh();
        });
      }}
    >
      <h3 id="schedule-heading">{i18n.t('settings.schedule')}</h3>
      <div className="row">
        <TimeField id="schedule-start" label={i18n.t('settings.start')} value={start} invalid={startTime === null} onChange={(v) => (edited(), setStart(v))} />
        <TimeField
          id="schedule-end"
          label={i18n.t('settings.end')}
          value={end}
          invalid={endTime === null || backwards}
          describedBy={problem ? 'schedule-error' : undefined}
          onChange={(v) => (edited(), setEnd(v))}
        />
      </div>
      <p id="schedule-hint" className="hint">
        {i18n.t('settings.timeHint')}
      </p>
      {problem && (
        <p id="schedule-error" className="error">
          {i18n.t(problem)}
        </p>
      )}
      <fieldset className="weekdays">
        <legend>{i18n.t('settings.days')}</legend>
        {WEEK.map((d) => (
          <label key={d} className="chip-check">
            <input
              type="checkbox"
              checked={days.includes(d)}
              onChange={(e) => {
                edited();
                setDays(e.target.checked ? [...days, d] : days.filter((x) => x !== d));
              }}
            />
            {i18n.weekday(d)}
          </label>
        ))}
      </fieldset>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || problem !== null}>
          {i18n.t('settings.save')}
        </button>
        {saved && (
          <span className="success" role="status">
            {i18n.t('settings.saved')}
          </span>
        )}
      </div>
    </form>
  );
}
