// Beside the rules: what the draft would have done to the team's windows of the last 7 days —
// time per category as recorded and by the new rules, what would no longer be recorded, and what
// each rule takes, with examples.
import type { PolicyPreview } from '../../../../shared/dashboard-api.ts';
import { categoryName } from '../../../../shared/i18n/labels.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';

type Sample = PolicyPreview['excluded']['samples'][number];

function Samples({ samples }: { samples: readonly Sample[] }) {
  const i18n = useI18n();
  if (samples.length === 0) return null;
  return (
    <ul className="samples small">
      {samples.map((s, i) => (
        <li key={i}>
          <span data-verbatim>{s.app}</span>
          {s.title && (
            <span className="muted" data-verbatim>
              {' '}
              — {s.title}
            </span>
          )}
          <span className="muted"> · {i18n.duration(s.ms)}</span>
        </li>
      ))}
    </ul>
  );
}

export function PreviewPanel({ preview, loading, error, waiting }: { preview: PolicyPreview | null; loading: boolean; error: string | null; waiting: boolean }) {
  const i18n = useI18n();
  return (
    <aside className="card preview" data-testid="policy-preview" aria-labelledby="preview-title" aria-busy={loading}>
      <h3 id="preview-title">{i18n.t('policy.previewTitle')}</h3>
      {waiting && <p className="muted small">{i18n.t('policy.previewWaits')}</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!preview ? (
        !waiting && <p className="muted small" role="status">{i18n.t('app.loading')}</p>
      ) : preview.spans === 0 ? (
        <p className="muted">{i18n.t('policy.previewEmpty')}</p>
      ) : (
        <div className={loading || waiting ? 'stale' : undefined}>
          <p>{i18n.t('policy.previewTotal', { spans: i18n.number(preview.spans), time: i18n.duration(preview.totalMs) })}</p>
          <p data-testid="preview-excluded">{i18n.t('policy.previewExcluded', { spans: i18n.number(preview.excluded.spans), time: i18n.duration(preview.excluded.ms) })}</p>
          <Samples samples={preview.excluded.samples} />
          {preview.titleCapture === 'off' && <p className="small">{i18n.t('policy.previewNoTitles')}</p>}
          {preview.categories.length > 0 && (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{i18n.t('day.categories')}</th>
                    <th scope="col" className="num">
                      {i18n.t('policy.recorded')}
                    </th>
                    <th scope="col" className="num">
                      {i18n.t('policy.draft')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {preview.categories.map((c) => (
                    <tr key={`${c.category}-${c.productivity}`}>
                      <th scope="row">
                        {categoryName(i18n, c.category)} <span className="muted small">· {i18n.t(`productivity.${c.productivity}`)}</span>
                      </th>
                      <td className="num">{i18n.duration(c.recordedMs)}</td>
                      <td className={`num${c.draftMs !== c.recordedMs ? ' changed' : ''}`}>{i18n.duration(c.draftMs)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {preview.rules.map((r) => (
            <div key={r.index} className="preview-rule" data-testid="preview-rule">
              <p className="small">{i18n.t('policy.previewRule', { n: r.index + 1, category: categoryName(i18n, r.category), spans: i18n.number(r.spans), time: i18n.duration(r.ms) })}</p>
              <Samples samples={r.samples} />
            </div>
          ))}
          {preview.redactions.map((r) => (
            <div key={r.index} className="preview-rule">
              <p className="small">{i18n.t('policy.previewRedaction', { n: r.index + 1, titles: i18n.number(r.titles) })}</p>
              <ul className="samples small">
                {r.samples.map((s, i) => (
                  <li key={i} data-verbatim>
                    {s.before} → {s.after}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      )}
    </aside>
  );
}
