// KPI actuals from a CSV file (columns email,date,kpi,value; comma or semicolon): each row is
// judged alone, so a bad row is refused with its line and why, and the others are stored.
import { useRef, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import type { ActualsResultSchema } from '../../../shared/integrations.ts';
import { icallCsv } from '../../api/integrations.ts';
import { useI18n, type I18n } from '../../i18n/use-i18n.ts';
import type { TextKey } from '../../i18n/types.ts';
import { useAction } from './bits.tsx';

export function CsvImport() {
  const i18n = useI18n();
  const file = useRef<HTMLInputElement>(null);
  const [name, setName] = useState('');
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
      {/* The browser's own file button speaks the browser's language, not the page's: it is
          hidden, and a label in the admin's language opens it (keyboard focus shows on it). */}
      <div className="field file-pick">
        <span id="csv-file-label">{i18n.t('csv.file')}</span>
        <input ref={file} id="csv-file" className="visually-hidden" type="file" accept=".csv,text/csv,text/plain" required aria-labelledby="csv-file-label" onChange={(e) => setName(e.target.files?.[0]?.name ?? '')} />
        <span className="file-row">
          <label htmlFor="csv-file" className="button">
            {i18n.t('csv.choose')}
          </label>{' '}
          {name ? <span data-verbatim>{name}</span> : <span className="muted">{i18n.t('csv.noFile')}</span>}
        </span>
      </div>
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
                    {i18n.t('csv.line', { n: r.row })} <RowProblem refusal={r} />
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

/** The hub's reason for a refused row, in the admin's words (its code), with the row's own data marked as data. */
function RowProblem({ refusal: r }: { refusal: z.output<typeof ActualsResultSchema>['refused'][number] }) {
  const i18n = useI18n();
  const say: Record<typeof r.code, TextKey> = { no_user: 'csv.noUser', no_kpi: 'csv.noKpi', invalid_fields: 'csv.invalidFields' };
  const key = say[r.code];
  return key ? <WithData i18n={i18n} k={key} vars={r.vars} /> : <code>{r.message}</code>;
}

/** A message whose placeholders are filled with data (an email, a key), marked as data. */
function WithData({ i18n, k, vars }: { i18n: I18n; k: TextKey; vars: Record<string, string> }) {
  const names = Object.keys(vars);
  const marked = i18n.t(k, Object.fromEntries(names.map((n, i) => [n, `\u0001${i}\u0001`])));
  return (
    <>
      {marked.split('\u0001').map((part, i) =>
        i % 2 === 1 ? (
          <span key={i} data-verbatim>
            {vars[names[Number(part)]!]}
          </span>
        ) : (
          part
        ),
      )}
    </>
  );
}
