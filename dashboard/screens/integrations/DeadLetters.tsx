// Dead letters: jobs the CRM or a webhook receiver refused in a way retrying cannot fix, each
// with why in the admin's words, the remote system's own answer, the hub's English note folded
// away, and a retry (one, or all) once the cause is fixed.
import type { Job } from '../../../shared/integrations.ts';
import { icall, useIntegration } from '../../api/integrations.ts';
import { Loaded } from '../../components/bits.tsx';
import { useI18n, type I18n } from '../../i18n/use-i18n.ts';
import type { TextKey } from '../../i18n/types.ts';
import { failureText, HubNote, useAction, zone } from './bits.tsx';

const KINDS: Record<string, TextKey> = {
  'bitrix24.timeman': 'jobs.kind.b24timeman',
  'bitrix24.elapsed': 'jobs.kind.b24elapsed',
  'bitrix24.report': 'jobs.kind.b24report',
  'bitrix24.kpi': 'jobs.kind.b24kpi',
  'bitrix24.tasks': 'jobs.kind.b24tasks',
  'amocrm.report': 'jobs.kind.amoReport',
  'amocrm.kpi': 'jobs.kind.amoKpi',
  'amocrm.tasks': 'jobs.kind.amoTasks',
  'webhook.emit': 'jobs.kind.webhookEmit',
  'webhook.deliver': 'jobs.kind.webhookDeliver',
};

/** What the job was, in words, and whom it concerned (the hub's "(who, date)" part, as data). */
export function jobWhat(i18n: I18n, job: Job): { what: string; about: string | null } {
  const key = KINDS[job.kind];
  const about = /\(([^()]*)\)$/.exec(job.title)?.[1] ?? null;
  return { what: key ? i18n.t(key) : job.kind, about };
}

export function DeadLetters() {
  const i18n = useI18n();
  const state = useIntegration('jobs', { query: { state: 'dead', limit: 200 } });
  const { run, view, busy } = useAction(i18n);
  const retry = (ids: string[] | 'all') =>
    void run(async () => {
      await icall('retryJobs', { body: ids === 'all' ? { allDead: true } : { ids } });
    }, i18n.t('jobs.retried')).then(state.reload);
  return (
    <Loaded state={state}>
      {({ jobs, counts }) => (
        <section aria-labelledby="dead-head">
          <div className="screen-head">
            <h2 id="dead-head">{i18n.t('jobs.title')}</h2>
            <button type="button" onClick={state.reload}>
              {i18n.t('integ.refresh')}
            </button>
          </div>
          <p className="muted">{i18n.t('jobs.help')}</p>
          <p data-testid="job-counts">{i18n.t('jobs.counts', { waiting: (counts.queued ?? 0) + (counts.running ?? 0), done: counts.done ?? 0, dead: counts.dead ?? 0 })}</p>
          {view}
          {jobs.length === 0 ? (
            <p className="ok-text">{i18n.t('jobs.none')}</p>
          ) : (
            <>
              <div className="toolbar">
                <button type="button" className="primary" disabled={busy} onClick={() => retry('all')}>
                  {i18n.t('jobs.retryAll')}
                </button>
              </div>
              <ul className="plain stack">
                {jobs.map((j) => {
                  const { what, about } = jobWhat(i18n, j);
                  return (
                    <li key={j.id} className="card" data-testid="dead-letter">
                      <div className="card-head">
                        <h3>
                          {what}
                          {about && (
                            <>
                              {' '}
                              <span className="muted" data-verbatim>
                                ({about})
                              </span>
                            </>
                          )}
                        </h3>
                        <button type="button" disabled={busy} onClick={() => retry([j.id])} aria-label={i18n.t('jobs.retryOne', { what })}>
                          {i18n.t('jobs.retry')}
                        </button>
                      </div>
                      <p className="muted small">{i18n.t('jobs.when', { when: i18n.dateTime(j.updatedAt, zone()), attempts: j.attempts })}</p>
                      <p data-testid="job-why">{failureText(i18n, j.lastErrorCode)}</p>
                      {j.lastAnswer && (
                        <>
                          <p>{j.kind.startsWith('webhook.') ? i18n.t('jobs.answerReceiver') : i18n.t('jobs.answer')}</p>
                          <pre className="answer">
                            <code data-testid="crm-answer">{j.lastAnswer}</code>
                          </pre>
                        </>
                      )}
                      {j.lastError && <HubNote note={j.lastError} />}
                    </li>
                  );
                })}
              </ul>
            </>
          )}
        </section>
      )}
    </Loaded>
  );
}
