// Today's records exactly as stored: work-time segments, app spans, idle decisions.
import type { RawRecords } from '../../../shared/api.ts';
import { useI18n } from '../../i18n/use-i18n.ts';

export function RawRecordsTables({ records, zone }: { records: RawRecords; zone: string }) {
  const i18n = useI18n();
  const time = (ms: number) => i18n.time(ms, zone, true);
  return (
    <div className="raw" data-testid="raw-records">
      <h4>{i18n.t('privacy.segments')}</h4>
      {records.segments.length === 0 ? (
        <p className="muted">{i18n.t('privacy.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{i18n.t('raw.start')}</th>
              <th scope="col">{i18n.t('raw.end')}</th>
              <th scope="col">{i18n.t('raw.kind')}</th>
              <th scope="col">{i18n.t('raw.label')}</th>
            </tr>
          </thead>
          <tbody>
            {records.segments.map((s, i) => (
              <tr key={i}>
                <td>{time(s.start)}</td>
                <td>{time(s.end)}</td>
                <td>{i18n.t(`kind.${s.kind === 'idle' ? 'idle' : s.kind}`)}</td>
                <td>{s.label ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h4>{i18n.t('privacy.spans')}</h4>
      {records.spans.length === 0 ? (
        <p className="muted">{i18n.t('privacy.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{i18n.t('raw.start')}</th>
              <th scope="col">{i18n.t('raw.end')}</th>
              <th scope="col">{i18n.t('raw.app')}</th>
              <th scope="col">{i18n.t('raw.title')}</th>
              <th scope="col">{i18n.t('raw.domain')}</th>
              <th scope="col">{i18n.t('raw.category')}</th>
            </tr>
          </thead>
          <tbody>
            {records.spans.map((s) => (
              <tr key={s.id}>
                <td>{time(s.start)}</td>
                <td>{time(s.end)}</td>
                <td>{s.app}</td>
                <td>{s.title ?? '—'}</td>
                <td>{s.domain ?? '—'}</td>
                <td>{s.category}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h4>{i18n.t('privacy.decisions')}</h4>
      {records.decisions.length === 0 ? (
        <p className="muted">{i18n.t('privacy.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{i18n.t('raw.at')}</th>
              <th scope="col">{i18n.t('raw.decision')}</th>
              <th scope="col">{i18n.t('raw.label')}</th>
            </tr>
          </thead>
          <tbody>
            {records.decisions.map((d) => (
              <tr key={`${d.gapId}-${d.at}`}>
                <td>{time(d.at)}</td>
                <td>{d.decision === 'keep' || d.decision === 'break' || d.decision === 'discard' ? i18n.t(`decision.${d.decision}`) : d.decision}</td>
                <td>{d.label ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
