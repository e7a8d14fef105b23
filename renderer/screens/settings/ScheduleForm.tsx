// The working schedule: when the plan and the report are asked for.
import { useState } from 'react';
import type { Settings } from '../../../shared/api.ts';
import { useAction } from '../../hooks/use-action.ts';
import { useI18n } from '../../i18n/use-i18n.ts';
import { useAgent } from '../../stores/agent.ts';
import { call } from '../../transport/current.ts';

const WEEK = [1, 2, 3, 4, 5, 6, 7];

export function ScheduleForm({ settings, onSaved }: { settings: Settings; onSaved(settings: Settings): void }) {
  const i18n = useI18n();
  const refresh = useAgent((s) => s.refresh);
  const [schedule, setSchedule] = useState(settings.schedule);
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction();
  const backwards = schedule.end <= schedule.start;
  return (
    <form
      className="section"
      aria-labelledby="schedule-heading"
      onSubmit={(e) => {
        e.preventDefault();
        if (backwards) return;
        void run(async () => {
          onSaved(await call('saveSettings', { schedule: { ...schedule, days: [...schedule.days].sort() } }));
          setSaved(true);
          await refresh();
        });
      }}
    >
      <h3 id="schedule-heading">{i18n.t('settings.schedule')}</h3>
      <div className="row">
        <div className="field">
          <label htmlFor="schedule-start">{i18n.t('settings.start')}</label>
          <input id="schedule-start" type="time" required value={schedule.start} onChange={(e) => (setSaved(false), setSchedule({ ...schedule, start: e.target.value }))} />
        </div>
        <div className="field">
          <label htmlFor="schedule-end">{i18n.t('settings.end')}</label>
          <input
            id="schedule-end"
            type="time"
            required
            aria-invalid={backwards || undefined}
            aria-describedby={backwards ? 'schedule-error' : undefined}
            value={schedule.end}
            onChange={(e) => (setSaved(false), setSchedule({ ...schedule, end: e.target.value }))}
          />
        </div>
      </div>
      {backwards && (
        <p id="schedule-error" className="error">
          {i18n.t('settings.endBeforeStart')}
        </p>
      )}
      <fieldset className="weekdays">
        <legend>{i18n.t('settings.days')}</legend>
        {WEEK.map((d) => (
          <label key={d} className="chip-check">
            <input
              type="checkbox"
              checked={schedule.days.includes(d)}
              onChange={(e) => {
                setSaved(false);
                setSchedule({ ...schedule, days: e.target.checked ? [...schedule.days, d] : schedule.days.filter((x) => x !== d) });
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
        <button type="submit" className="primary" disabled={busy || backwards}>
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
