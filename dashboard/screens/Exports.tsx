// Exports: the users × days grid for a period as CSV (UTF-8 with BOM, so Excel reads Cyrillic)
// or XLSX, and a manager's time blocks as iCalendar. Plain links: the browser downloads with the
// session cookie, under the same access rules as the screens.
import { useState } from 'react';
import type { Me } from '../../shared/dashboard-api.ts';
import { addDays } from '../../shared/time.ts';
import { routeUrl } from '../api/client.ts';
import { useCall } from '../api/use-call.ts';
import { today } from '../components/bits.tsx';
import { DateInput } from '../components/DateInput.tsx';
import { useI18n } from '../i18n/use-i18n.ts';

export function Exports({ me }: { me: Me }) {
  const i18n = useI18n();
  const [to, setTo] = useState(today());
  const [from, setFrom] = useState(addDays(today(), -29));
  const [userId, setUserId] = useState<string>(me.role === 'manager' ? me.id : '');
  const users = useCall('users', me.role === 'manager' ? null : { query: {} }, false).data?.users ?? [];
  const scope = userId ? { userId } : {};
  const valid = from <= to;
  const calendarUser = userId || me.id;
  return (
    <section className="narrow">
      <h1>{i18n.t('exports.title')}</h1>
      <div className="card stack">
        <div className="form-grid">
          <label className="field">
            <span>{i18n.t('exports.from')}</span>
            <DateInput value={from} onChange={setFrom} />
          </label>
          <label className="field">
            <span>{i18n.t('exports.to')}</span>
            <DateInput value={to} onChange={setTo} />
          </label>
          {me.role !== 'manager' && (
            <label className="field">
              <span>{i18n.t('exports.who')}</span>
              <select value={userId} onChange={(e) => setUserId(e.target.value)}>
                <option value="">{i18n.t('exports.everyone')}</option>
                {users
                  .filter((u) => u.active)
                  .map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.name}
                    </option>
                  ))}
              </select>
            </label>
          )}
        </div>
        {!valid && (
          <p className="error" role="alert">
            {i18n.t('exports.badRange')}
          </p>
        )}
        <h2>{i18n.t('exports.grid')}</h2>
        <p className="muted small">{i18n.t('exports.gridNote')}</p>
        <div className="actions">
          <a className="button" data-testid="export-csv" href={valid ? routeUrl('exportCsv', { query: { ...scope, from, to } }) : undefined} download>
            {i18n.t('exports.csv')}
          </a>
          <a className="button" data-testid="export-xlsx" href={valid ? routeUrl('exportXlsx', { query: { ...scope, from, to } }) : undefined} download>
            {i18n.t('exports.xlsx')}
          </a>
        </div>
        <h2>{i18n.t('exports.calendar')}</h2>
        <p className="muted small">{i18n.t('exports.calendarNote')}</p>
        <div className="actions">
          {userId || me.role === 'manager' ? (
            <a className="button" data-testid="export-ics" href={valid ? routeUrl('exportCalendar', { params: { userId: calendarUser }, query: { from, to } }) : undefined} download>
              {i18n.t('exports.ics')}
            </a>
          ) : (
            <p className="muted small">{i18n.t('exports.pickPerson')}</p>
          )}
        </div>
      </div>
    </section>
  );
}
