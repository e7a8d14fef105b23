// The policy's lists of rules, each a table of rows to add, remove and (where order decides)
// move: title redactions, programs never recorded, and the team's category rules. Each row says
// what it would have matched last week, from the hub's preview.
import type { ReactNode } from 'react';
import type { PolicyPreview } from '../../../../shared/dashboard-api.ts';
import { BUILT_IN_CATEGORIES, categoryName } from '../../../../shared/i18n/labels.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { emptyMatch, MATCH_FIELDS, REDACT_PRESETS, rowId, type CategoryRow, type MatchRow, type RedactRow } from './draft.ts';
import type { Problems } from './PolicyForm.tsx';

interface ListProps<R> {
  rows: R[];
  onChange: (rows: R[]) => void;
  problems: Problems;
  preview: PolicyPreview | null;
  disabled: boolean;
}

const PRODUCTIVITY = ['productive', 'neutral', 'unproductive'] as const;
const OWN = '\u0000own';

function replaceAt<R>(rows: R[], i: number, row: R): R[] {
  return rows.map((r, j) => (j === i ? row : r));
}

function move<R>(rows: R[], i: number, by: number): R[] {
  const out = [...rows];
  const [row] = out.splice(i, 1);
  out.splice(i + by, 0, row!);
  return out;
}

/** The program, window title and site a rule looks at; one or more filled, all must match. */
function MatchCells({ row, n, field, problems, onChange }: { row: MatchRow; n: number; field: string; problems: Problems; onChange: (row: MatchRow) => void }) {
  const i18n = useI18n();
  return (
    <>
      {MATCH_FIELDS.map((f) => (
        <label key={f} className="field">
          <span>{i18n.t(`policy.match.${f}`)}</span>
          <input value={row[f]} spellCheck={false} aria-label={`${i18n.t(`policy.match.${f}`)} (${i18n.t('policy.ruleN', { n })})`} onChange={(e) => onChange({ ...row, [f]: e.target.value })} {...problems.attrs(`${field}.${f}`)} {...(problems.of(field) ? problems.attrs(field) : {})} />
          {problems.message(`${field}.${f}`)}
        </label>
      ))}
    </>
  );
}

function RowButtons({ n, count, onMove, onRemove }: { n: number; count: number; onMove?: (by: number) => void; onRemove: () => void }) {
  const i18n = useI18n();
  return (
    <div className="row-buttons">
      {onMove && (
        <>
          <button type="button" disabled={n === 1} onClick={() => onMove(-1)} aria-label={i18n.t('policy.moveUp', { n })}>
            ↑
          </button>
          <button type="button" disabled={n === count} onClick={() => onMove(1)} aria-label={i18n.t('policy.moveDown', { n })}>
            ↓
          </button>
        </>
      )}
      <button type="button" className="danger" onClick={onRemove} aria-label={i18n.t('policy.removeN', { n })}>
        {i18n.t('policy.remove')}
      </button>
    </div>
  );
}

interface RuleCardProps<R> {
  title: string;
  note: string;
  empty: string;
  /** The buttons that add a row; not there while the form is read-only. */
  add: ReactNode;
  disabled: boolean;
  rows: R[];
  onChange: (rows: R[]) => void;
  testId: string;
  rowTestId?: string;
  /** Order decides: each row has buttons to move it up and down. */
  movable?: boolean;
  /** A row's fields; `set` replaces the row. */
  fields: (row: R, i: number, set: (row: R) => void) => ReactNode;
  /** What is said under a row's fields: its problem, what it matched. */
  below: (i: number) => ReactNode;
  /** What is said under the whole list. */
  footer?: ReactNode;
}

/**
 * A titled card of rows: the note on how they work, the rows numbered from 1 (each its fields,
 * what is said under them, and buttons to remove it and, where order decides, to move it), or
 * "none yet", and the add buttons.
 */
function RuleCard<R extends { id: number }>({ title, note, empty, add, disabled, rows, onChange, testId, rowTestId, movable = false, fields, below, footer }: RuleCardProps<R>) {
  return (
    <fieldset className="card rule-card" disabled={disabled}>
      <legend>{title}</legend>
      <p className="muted small">{note}</p>
      {rows.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <>
          <ol className="rule-list" data-testid={testId}>
            {rows.map((row, i) => (
              <li key={row.id} className="rule-row" data-testid={rowTestId}>
                <div className="rule-fields">{fields(row, i, (r) => onChange(replaceAt(rows, i, r)))}</div>
                {below(i)}
                <RowButtons n={i + 1} count={rows.length} onMove={movable ? (by) => onChange(move(rows, i, by)) : undefined} onRemove={() => onChange(rows.filter((_, j) => j !== i))} />
              </li>
            ))}
          </ol>
          {footer}
        </>
      )}
      {!disabled && <div className="actions">{add}</div>}
    </fieldset>
  );
}

function Matched({ spans, ms }: { spans: number; ms: number }) {
  const i18n = useI18n();
  return <p className="rule-hit small">{spans === 0 ? i18n.t('policy.matchedNothing') : i18n.t('policy.matched', { spans: i18n.number(spans), time: i18n.duration(ms) })}</p>;
}

export function ExcludedApps({ rows, onChange, problems, preview, disabled }: ListProps<MatchRow>) {
  const i18n = useI18n();
  return (
    <RuleCard
      title={i18n.t('policy.section.excluded')}
      note={i18n.t('policy.excludedNote')}
      empty={i18n.t('policy.excludedNone')}
      disabled={disabled}
      rows={rows}
      onChange={onChange}
      add={
        <button type="button" onClick={() => onChange([...rows, emptyMatch()])}>
          {i18n.t('policy.excludedAdd')}
        </button>
      }
      testId="excluded-rules"
      fields={(row, i, set) => <MatchCells row={row} n={i + 1} field={`excluded.${i}`} problems={problems} onChange={set} />}
      below={(i) => problems.message(`excluded.${i}`)}
      footer={preview && <Matched spans={preview.excluded.spans} ms={preview.excluded.ms} />}
    />
  );
}

export function CategoryRules({ rows, onChange, problems, preview, disabled }: ListProps<CategoryRow>) {
  const i18n = useI18n();
  return (
    <RuleCard
      title={i18n.t('policy.section.categories')}
      note={i18n.t('policy.rulesNote')}
      empty={i18n.t('policy.rulesNone')}
      disabled={disabled}
      rows={rows}
      onChange={onChange}
      add={
        <button type="button" onClick={() => onChange([...rows, { ...emptyMatch(), category: 'crm', productivity: 'productive' }])}>
          {i18n.t('policy.ruleAdd')}
        </button>
      }
      testId="category-rules"
      rowTestId="category-rule"
      movable
      fields={(row, i, set) => {
        const field = `categories.${i}`;
        const builtIn = (BUILT_IN_CATEGORIES as readonly string[]).includes(row.category);
        return (
          <>
            <MatchCells row={row} n={i + 1} field={field} problems={problems} onChange={(r) => set({ ...row, ...r })} />
            <label className="field">
              <span>{i18n.t('policy.category')}</span>
              <select value={builtIn ? row.category : OWN} onChange={(e) => set({ ...row, category: e.target.value === OWN ? '' : e.target.value })}>
                {BUILT_IN_CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {categoryName(i18n, c)}
                  </option>
                ))}
                <option value={OWN}>{i18n.t('policy.ownCategory')}</option>
              </select>
            </label>
            {!builtIn && (
              <label className="field">
                <span>{i18n.t('policy.ownCategoryName')}</span>
                <input value={row.category} onChange={(e) => set({ ...row, category: e.target.value })} maxLength={60} {...problems.attrs(`${field}.category`)} />
                {problems.message(`${field}.category`)}
              </label>
            )}
            <label className="field">
              <span>{i18n.t('policy.productivity')}</span>
              <select value={row.productivity} onChange={(e) => set({ ...row, productivity: e.target.value as CategoryRow['productivity'] })}>
                {PRODUCTIVITY.map((p) => (
                  <option key={p} value={p}>
                    {i18n.t(`productivity.${p}`)}
                  </option>
                ))}
              </select>
            </label>
          </>
        );
      }}
      below={(i) => {
        const hit = preview?.rules[i];
        return (
          <>
            {problems.message(`categories.${i}`)}
            {hit && <Matched spans={hit.spans} ms={hit.ms} />}
          </>
        );
      }}
    />
  );
}

export function RedactRules({ rows, onChange, problems, preview, disabled }: ListProps<RedactRow>) {
  const i18n = useI18n();
  const add = (r: { pattern: string; replacement: string }) => onChange([...rows, { id: rowId(), ...r }]);
  return (
    <RuleCard
      title={i18n.t('policy.section.redact')}
      note={i18n.t('policy.redactNote')}
      empty={i18n.t('policy.redactNone')}
      disabled={disabled}
      rows={rows}
      onChange={onChange}
      add={
        <>
          <button type="button" onClick={() => add({ pattern: REDACT_PRESETS.phones, replacement: i18n.t('policy.redactPhoneMark') })}>
            {i18n.t('policy.redactPhones')}
          </button>
          <button type="button" onClick={() => add({ pattern: REDACT_PRESETS.emails, replacement: i18n.t('policy.redactEmailMark') })}>
            {i18n.t('policy.redactEmails')}
          </button>
          <button type="button" onClick={() => add({ pattern: '', replacement: '…' })}>
            {i18n.t('policy.redactAdd')}
          </button>
        </>
      }
      testId="redact-rules"
      fields={(row, i, set) => (
        <>
          <label className="field wide">
            <span>{i18n.t('policy.redactPattern')}</span>
            <input value={row.pattern} spellCheck={false} className="mono" onChange={(e) => set({ ...row, pattern: e.target.value })} {...problems.attrs(`redact.${i}.pattern`)} />
            {problems.message(`redact.${i}.pattern`)}
          </label>
          <label className="field">
            <span>{i18n.t('policy.redactReplacement')}</span>
            <input value={row.replacement} onChange={(e) => set({ ...row, replacement: e.target.value })} />
          </label>
        </>
      )}
      below={(i) => {
        const hit = preview?.redactions[i];
        return hit && <p className="rule-hit small">{i18n.t('policy.redactHits', { n: i18n.number(hit.titles) })}</p>;
      }}
    />
  );
}
