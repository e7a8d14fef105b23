// The reports inbox: per day and team, what was submitted, late, missing, returned or approved.
// Each report opens for review here (approve with a comment and a rating, or return with a
// required comment); the clean ones (no missed KPI, never returned) approve in bulk.
import { useState } from 'react';
import type { InboxRow } from '../../shared/dashboard-api.ts';
import { addDays } from '../../shared/time.ts';
import { call } from '../api/client.ts';
import { failureText } from '../components/action.tsx';
import { useCall } from '../api/use-call.ts';
import { Loaded, ReportPill, today } from '../components/bits.tsx';
import { ReviewForm } from '../components/ReviewForm.tsx';
import { useI18n } from '../i18n/use-i18n.ts';
import type { TextKey } from '../i18n/types.ts';
import { hrefOf } from '../stores/route.ts';

const FILTERS = ['to_review', 'all', 'submitted', 'late', 'missing', 'returned', 'approved'] as const;
type Filter = (typeof FILTERS)[number];

export function Inbox() {
  const i18n = useI18n();
  const [filter, setFilter] = useState<Filter>('to_review');
  const [days, setDays] = useState(7);
  const to = today();
  const from = addDays(to, -(days - 1));
  const state = useCall('inbox', { query: { from, to, filter } });
  const [open, setOpen] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);

  async function approveClean(rows: InboxRow[]) {
    const ids = rows.filter((r) => r.clean && r.report.reportId && r.report.state === 'submitted').map((r) => r.report.reportId!);
    if (ids.length === 0) return;
    try {
      const result = await call('approveClean', { body: { reportIds: ids } });
      setNote(i18n.t('inbox.bulkDone', { approved: result.approved.length, skipped: result.skipped.length }));
      state.reload();
    } catch (err) {
      setNote(failureText(i18n, err));
    }
  }

  return (
    <section>
      <div className="screen-head">
        <h1>{i18n.t('inbox.title')}</h1>
        <label className="inline-field">
          <span>{i18n.t('inbox.period')}</span>
          <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {[1, 7, 14, 30].map((n) => (
              <option key={n} value={n}>
                {i18n.p('plural.lastDays', n)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Loaded state={state}>
        {(inbox) => {
          const clean = inbox.rows.filter((r) => r.clean && r.report.state === 'submitted');
          return (
            <>
              <div className="counters" role="group" aria-label={i18n.t('inbox.filterLabel')}>
                {FILTERS.map((f) => (
                  <button key={f} type="button" className="counter" aria-pressed={filter === f} onClick={() => setFilter(f)} data-testid={`inbox-${f}`}>
                    {f in inbox.counts && <span className="counter-n">{i18n.number(inbox.counts[f as keyof typeof inbox.counts])}</span>}
                    <span className="counter-label">{i18n.t(`inbox.filter.${f}` as TextKey)}</span>
                  </button>
                ))}
              </div>
              <div className="toolbar">
                <button type="button" className="primary" disabled={clean.length === 0} onClick={() => void approveClean(inbox.rows)}>
                  {i18n.t('inbox.approveClean', { n: clean.length })}
                </button>
                {note && <span role="status">{note}</span>}
              </div>
              {inbox.rows.length === 0 ? (
                <p className="muted">{i18n.t('inbox.empty')}</p>
              ) : (
                <ul className="inbox" data-testid="inbox">
                  {inbox.rows.map((r) => {
                    const key = `${r.user.id}/${r.date}`;
                    const canReview = r.report.reportId !== null && (r.report.state === 'submitted' || r.report.state === 'returned');
                    return (
                      <li key={key} className="inbox-row" data-testid="inbox-row">
                        <div className="inbox-main">
                          <a href={hrefOf({ screen: 'day', userId: r.user.id, date: r.date })} className="member-name" data-verbatim>
                            {r.user.name}
                          </a>
                          <span className="muted small">
                            {i18n.date(r.date)} · {r.team.name}
                          </span>
                        </div>
                        <div className="inbox-state">
                          <ReportPill state={r.report.state} late={r.report.late} resubmitted={r.report.resubmitted} />
                          {r.clean && r.report.state === 'submitted' && <span className="flag ok">{i18n.t('inbox.clean')}</span>}
                        </div>
                        <div className="inbox-figures small">
                          <span>{i18n.duration(r.workedMs)}</span>
                          {r.kpis.total > 0 && (
                            <span className={r.kpis.missed > 0 ? 'bad-text' : ''}>{i18n.t('week.kpiHits', { hit: r.kpis.hit, total: r.kpis.total })}</span>
                          )}
                        </div>
                        {r.review?.comment && <p className="quote small">{r.review.comment}</p>}
                        {canReview && (
                          <div className="inbox-actions">
                            <button type="button" aria-expanded={open === key} onClick={() => setOpen(open === key ? null : key)}>
                              {i18n.t('inbox.review')}
                              <span className="visually-hidden"> {r.user.name}</span>
                            </button>
                          </div>
                        )}
                        {canReview && open === key && (
                          <ReviewForm
                            reportId={r.report.reportId!}
                            who={r.user.name}
                            onDone={() => {
                              setOpen(null);
                              state.reload();
                            }}
                          />
                        )}
                      </li>
                    );
                  })}
                </ul>
              )}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}
