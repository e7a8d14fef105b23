// Export of the manager's own records for a named period, as CSV or Excel, in the UI's language
// and the agent's zone: the file the agent makes, handed to the browser as a download.
import { Download } from 'lucide-react';
import { useState } from 'react';
import { EXPORT_PERIODS, exportRange, type ExportPeriod } from './export-periods.ts';
import { useAction } from '../../hooks/use-action.ts';
import { useI18n } from '../../i18n/use-i18n.ts';
import { call } from '../../transport/current.ts';

const PERIOD_WORD = { today: 'export.today', week: 'export.week', lastWeek: 'export.lastWeek', month: 'export.month' } as const;

function download(fileName: string, contentType: string, body: string, encoding: 'utf8' | 'base64'): void {
  const bytes = encoding === 'base64' ? Uint8Array.from(atob(body), (c) => c.charCodeAt(0)) : new TextEncoder().encode(body);
  const url = URL.createObjectURL(new Blob([bytes], { type: contentType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ExportPanel({ today }: { today: string }) {
  const i18n = useI18n();
  const [period, setPeriod] = useState<ExportPeriod>('week');
  const { busy, error, run } = useAction();
  const get = (format: 'csv' | 'xlsx') =>
    void run(async () => {
      const result = await call('export', { ...exportRange(period, today), format, language: i18n.locale });
      download(result.fileName, result.contentType, result.body, result.encoding);
    });
  return (
    <section className="section export" aria-labelledby="export-heading">
      <h3 id="export-heading">{i18n.t('export.heading')}</h3>
      <div className="row tight">
        <div className="field">
          <label htmlFor="export-period">{i18n.t('export.period')}</label>
          <select id="export-period" value={period} onChange={(e) => setPeriod(e.target.value as ExportPeriod)}>
            {EXPORT_PERIODS.map((p) => (
              <option key={p} value={p}>
                {i18n.t(PERIOD_WORD[p])}
              </option>
            ))}
          </select>
        </div>
        <button type="button" disabled={busy} onClick={() => get('xlsx')} className="align-end">
          <Download className="icon" aria-hidden="true" />
          {i18n.t('export.xlsx')}
        </button>
        <button type="button" disabled={busy} onClick={() => get('csv')} className="align-end">
          <Download className="icon" aria-hidden="true" />
          {i18n.t('export.csv')}
        </button>
      </div>
      <p className="hint">{i18n.t('export.hint')}</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
