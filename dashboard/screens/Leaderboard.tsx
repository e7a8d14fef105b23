// The leaderboard: the team's average, median, best and worst, each manager's distance to the
// leader and the work left to reach the target; the lead decides whether managers see it named.
import { useState } from 'react';
import type { Me, PeriodKind } from '../../shared/dashboard-api.ts';
import { displayPace } from '../../shared/kpi-rules.ts';
import { call } from '../api/client.ts';
import { useAction } from '../components/action.tsx';
import { useCall } from '../api/use-call.ts';
import { Loaded } from '../components/bits.tsx';
import { useI18n } from '../i18n/use-i18n.ts';
import { useSession } from '../stores/session.ts';
import { PeriodPicker, TeamPicker } from '../components/pickers.tsx';

const pct = (n: number | null, fmt: (n: number) => string) => (n === null ? '—' : `${fmt(Math.round(n * 100))}%`);

export function LeaderboardScreen() {
  const i18n = useI18n();
  const me = useSession((s) => s.session!.user) as Me;
  const [teamId, setTeamId] = useState<string | null>(me.ledTeams[0] ?? null);
  const [period, setPeriod] = useState<PeriodKind>('month');
  const { run, view } = useAction(i18n, { inline: true });
  const state = useCall('leaderboard', teamId ? { query: { teamId, period } } : null);
  const kpis = useCall('teamKpis', teamId ? { params: { teamId } } : null, false).data?.kpis ?? [];
  const name = (key: string) => kpis.find((k) => k.key === key)?.names[i18n.locale] ?? key;
  const unit = (key: string) => kpis.find((k) => k.key === key)?.unit ?? 'count';

  async function publish(named: boolean) {
    if (!teamId) return;
    if (await run(() => call('publishLeaderboard', { params: { teamId }, body: { named } }), named ? i18n.t('board.publishedNote') : i18n.t('board.hiddenNote'))) state.reload();
  }

  return (
    <section>
      <div className="screen-head">
        <h1>{i18n.t('board.title')}</h1>
        <TeamPicker value={teamId} onChange={setTeamId} />
        <PeriodPicker value={period} onChange={setPeriod} />
      </div>
      <Loaded state={state}>
        {(board) => (
          <>
            <div className="stats card">
              {(['average', 'median', 'best', 'worst'] as const).map((k) => (
                <div key={k} className="stat">
                  <span className="stat-value">{pct(board.stats[k], i18n.number)}</span>
                  <span className="stat-label">{i18n.t(`board.${k}`)}</span>
                </div>
              ))}
            </div>
            <div className="toolbar">
              <label className="check">
                <input type="checkbox" checked={board.named} onChange={(e) => void publish(e.target.checked)} />
                <span>{i18n.t('board.named')}</span>
              </label>
              {view}
            </div>
            {board.rows.length === 0 ? (
              <p className="muted">{i18n.t('board.empty')}</p>
            ) : (
              <div className="card table-wrap">
                <table data-testid="leaderboard">
                  <thead>
                    <tr>
                      <th scope="col" className="num">#</th>
                      <th scope="col">{i18n.t('board.manager')}</th>
                      <th scope="col" className="num">{i18n.t('board.score')}</th>
                      <th scope="col" className="num">{i18n.t('board.gap')}</th>
                      <th scope="col">{i18n.t('board.workLeft')}</th>
                      <th scope="col" className="num">{i18n.t('figure.worked')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {board.rows.map((r) => (
                      <tr key={r.user.id}>
                        <td className="num">{r.rank}</td>
                        <th scope="row">
                          {r.user.name} {r.band && <span className={`pill band-${r.band}`}>{i18n.t(`band.${r.band}`)}</span>}
                        </th>
                        <td className="num">{pct(r.score, i18n.number)}</td>
                        <td className="num">{r.gapToLeader === null || r.gapToLeader === 0 ? '—' : pct(r.gapToLeader, i18n.number)}</td>
                        <td className="small">
                          {r.workLeft.length === 0
                            ? '—'
                            : r.workLeft.map((w) => (
                                <div key={w.key}>
                                  {name(w.key)}: {i18n.kpi(Math.round(w.remaining * 100) / 100, unit(w.key), board.currency)}
                                  {w.requiredPace !== null && <span className="muted"> · {i18n.t('board.perDay', { n: i18n.kpi(displayPace(w.requiredPace, unit(w.key)), unit(w.key), board.currency) })}</span>}
                                </div>
                              ))}
                        </td>
                        <td className="num">{i18n.duration(r.workedMs)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}
