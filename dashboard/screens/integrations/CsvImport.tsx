// KPI actuals from a CSV file (columns email,date,kpi,value; comma or semicolon): each row is
// judged alone, so a bad row is refused with its line and why, and the others are stored.
import { useRef, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import type { ActualsResultSchema } from '../../../shared/integrations.ts';
import { icallCsv } from '../../api/integrations.ts';
import { useI18n } from '../../i18n/use-i18n.ts';
import { useAction } from './bits.tsx';

export function CsvImport() {
  const i18n = useI18n();
  const file = useRef<HTMLInputElement>(null);
  const [result, setResult] = useState<z.output<typeof ActualsResultSchema> | null>(null);
  const { run, view, busy } = useAction(i18n);
  async function upload(e: FormEvent) {
    e.preventDefault();
    const f = file.current?.files?.[0];
    if (!f) return;
    setResult(null);
    await run(async () => setResult(await icallCsv('importActualsCsv', await f.text())), i18n.t('csv.done'));
  }
  return (
    <form className="card stack" onSubmit={(e) => void upload(e)} aria-labelledby="csv-head">
      <h2 id="csv-head">{i18n.t('csv.title')}</h2>
      <p>{i18n.t('csv.help')}</p>
      <pre className="answer">
        <code>{'email,date,kpi,value\nolena@example.com,2026-03-02,calls_total,37'}</code>
      </pre>
      <label className="field">
        {i18n.t('csv.file')}
        <input ref={file} type="file" accept=".csv,text/csv,text/plain" required />
      </label>
      <div className="toolbar">
        <button type="submit" className="primary" disabled={busy}>
          {i18n.t('csv.import')}
        </button>
      </div>
      {view}
      {result && (
        <div data-testid="csv-result">
          <p className="ok-text">{i18n.t('csv.stored', { n: result.stored })}</p>
          {result.refused.length > 0 && (
            <>
              <p className="error">{i18n.t('csv.refused', { n: result.refused.length })}</p>
              <ul>
                {result.refused.map((r) => (
                  <li key={r.row}>
                    {i18n.t('csv.line', { n: r.row })} <code>{r.message}</code>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </form>
  );
}
