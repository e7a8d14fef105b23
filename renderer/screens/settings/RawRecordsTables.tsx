// Today's records exactly as stored: work-time segments, app spans, idle decisions.
import type { ReactNode } from 'react';
import type { RawRecords } from '../../../shared/api.ts';
import { categoryName, labelText, type TaskTitle } from '../../../shared/i18n/labels.ts';
import type { Segment } from '../../../shared/model.ts';
import { useI18n } from '../../i18n/use-i18n.ts';

interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
}

/** One kind of record: a heading, then a table, or a line saying there is none. */
function RecordTable<T>({ title, rows, columns, rowKey, none }: { title: string; rows: readonly T[]; columns: Column<T>[]; rowKey: (row: T, i: number) => string; none: string }) {
  return (
    <>
      <h4>{title}</h4>
      {rows.length === 0 ? (
        <p className="muted">{none}</p>
      ) : (
        <table>
          <thead>
            <tr>
              {columns.map((c) => (
                <th scope="col" key={c.header}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={rowKey(row, i)}>
                {columns.map((c) => (
                  <td key={c.header}>{c.cell(row)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

const DECIDED_KIND = { keep: 'kind.work', break: 'kind.break', discard: 'kind.discarded' } as const;

export function RawRecordsTables({ records, zone, tasks }: { records: RawRecords; zone: string; tasks: readonly TaskTitle[] }) {
  const i18n = useI18n();
  const time = (ms: number) => i18n.time(ms, zone, true);
  const none = i18n.t('privacy.none');
  const label = (l: string | undefined) => (l ? labelText(i18n, l, tasks) : '');
  // The last decision for a gap is the one in force.
  const decided = new Map(records.decisions.map((d) => [d.gapId, d]));
  /** Time away as what was decided ("idle → work"); undecided, it says it waits. */
  const kind = (s: Segment) => {
    const decision = s.kind === 'idle' && s.gapId ? decided.get(s.gapId) : undefined;
    if (!decision) return i18n.t(`kind.${s.kind}`);
    const d = decision.decision as keyof typeof DECIDED_KIND;
    return i18n.t('privacy.decided', { kind: i18n.t('day.idleWord'), decision: i18n.t(DECIDED_KIND[d] ?? 'kind.idle') });
  };
  return (
    <div className="raw" data-testid="raw-records">
      <RecordTable
        title={i18n.t('privacy.segments')}
        none={none}
        rows={records.segments}
        rowKey={(_, i) => String(i)}
        columns={[
          { header: i18n.t('raw.start'), cell: (s) => time(s.start) },
          { header: i18n.t('raw.end'), cell: (s) => time(s.end) },
          { header: i18n.t('raw.kind'), cell: kind },
          { header: i18n.t('raw.label'), cell: (s) => label(s.label ?? (s.gapId ? decided.get(s.gapId)?.label : undefined)) },
        ]}
      />
      <RecordTable
        title={i18n.t('privacy.spans')}
        none={none}
        rows={records.spans}
        rowKey={(s) => s.id}
        columns={[
          { header: i18n.t('raw.start'), cell: (s) => time(s.start) },
          { header: i18n.t('raw.end'), cell: (s) => time(s.end) },
          { header: i18n.t('raw.app'), cell: (s) => s.app },
          { header: i18n.t('raw.title'), cell: (s) => s.title ?? '—' },
          { header: i18n.t('raw.domain'), cell: (s) => s.domain ?? '—' },
          { header: i18n.t('raw.category'), cell: (s) => `${categoryName(i18n, s.category)} · ${i18n.t(`productivity.${s.productivity}`)}` },
        ]}
      />
      <RecordTable
        title={i18n.t('privacy.decisions')}
        none={none}
        rows={records.decisions}
        rowKey={(d) => `${d.gapId}-${d.at}`}
        columns={[
          { header: i18n.t('raw.at'), cell: (d) => time(d.at) },
          {
            header: i18n.t('raw.decision'),
            cell: (d) => (d.decision === 'keep' || d.decision === 'break' || d.decision === 'discard' ? i18n.t(`decision.${d.decision}`) : d.decision),
          },
          { header: i18n.t('raw.label'), cell: (d) => label(d.label) },
        ]}
      />
    </div>
  );
}
