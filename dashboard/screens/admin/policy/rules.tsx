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

/** A titled card of rows: the note on how they work, the rows, "none yet" and the add buttons. */
function RuleCard({ title, note, empty, count, children, add, disabled }: { title: string; note: string; empty: string; count: number; children: ReactNode; add: ReactNode; disabled: boolean }) {
  return (
    <fieldset className="card rule-card" disabled={disabled}>
      <legend>{title}</legend>
      <p className="muted small">{note}</p>
      {count === 0 ? <p className="muted">{empty}</p> : children}
      {!disabled && <div className="actions">{add}</div>}
    </fieldset>
  );
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
      count={rows.length}
      disabled={disabled}
      add={
        <button type="button" onClick={() => onChange([...rows, emptyMatch()])}>
          {i18n.t('policy.excludedAdd')}
        </button>
      }
    >
      <ol className="rule-list" data-testid="excluded-rules">
        {rows.map((row, i) => (
          <li key={row.id} className="rule-row">
            <div className="rule-fields">
              <MatchCells row={row} n={i + 1} field={`excluded.${i}`} problems={problems} onChange={(r) => onChange(replaceAt(rows, i, r))} />
            </div>
            {problems.message(`excluded.${i}`)}
            <RowButtons n={i + 1} count={rows.length} onRemove={() => onChange(rows.filter((_, j) => j !== i))} />
          </li>
        ))}
      </ol>
      {preview && <Matched spans={preview.excluded.spans} ms={preview.excluded.ms} />}
    </RuleCard>
  );
}

export function CategoryRules({ rows, onChange, problems, preview, disabled }: ListProps<CategoryRow>) {
  const i18n = useI18n();
  return (
    <RuleCard
      title={i18n.t('policy.section.categories')}
      note={i18n.t('policy.rulesNote')}
      empty={i18n.t('policy.rulesNone')}
      count={rows.length}
      disabled={disabled}
      add={
        <button type="button" onClick={() => onChange([...rows, { ...emptyMatch(), category: 'crm', productivity: 'productive' }])}>
          {i18n.t('policy.ruleAdd')}
        </button>
      }
    >
      <ol className="rule-list" data-testid="category-rules">
        {rows.map((row, i) => {
          const field = `categories.${i}`;
          const builtIn = (BUILT_IN_CATEGORIES as readonly string[]).includes(row.category);
          const hit = preview?.rules[i];
          return (
            <li key={row.id} className="rule-row" data-testid="category-rule">
              <div className="rule-fields">
                <MatchCells row={row} n={i + 1} field={field} problems={problems} onChange={(r) => onChange(replaceAt(rows, i, { ...row, ...r }))} />
                <label className="field">
                  <span>{i18n.t('policy.category')}</span>
                  <select value={builtIn ? row.category : OWN} onChange={(e) => onChange(replaceAt(rows, i, { ...row, category: e.target.value === OWN ? '' : e.target.value }))}>
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
                    <input value={row.category} onChange={(e) => onChange(replaceAt(rows, i, { ...row, category: e.target.value }))} maxLength={60} {...problems.attrs(`${field}.category`)} />
                    {problems.message(`${field}.category`)}
                  </label>
                )}
                <label className="field">
                  <span>{i18n.t('policy.productivity')}</span>
                  <select value={row.productivity} onChange={(e) => onChange(replaceAt(rows, i, { ...row, productivity: e.target.value as CategoryRow['productivity'] }))}>
                    {PRODUCTIVITY.map((p) => (
                      <option key={p} value={p}>
                        {i18n.t(`productivity.${p}`)}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
              {problems.message(field)}
              {hit && <Matched spans={hit.spans} ms={hit.ms} />}
              <RowButtons n={i + 1} count={rows.length} onMove={(by) => onChange(move(rows, i, by))} onRemove={() => onChange(rows.filter((_, j) => j !== i))} />
            </li>
          );
        })}
      </ol>
    </RuleCard>
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
      count={rows.length}
      disabled={disabled}
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
    >
      <ol className="rule-list" data-testid="redact-rules">
        {rows.map((row, i) => {
          const hit = preview?.redactions[i];
          return (
            <li key={row.id} className="rule-row">
              <div className="rule-fields">
                <label className="field wide">
                  <span>{i18n.t('policy.redactPattern')}</span>
                  <input value={row.pattern} spellCheck={false} className="mono" onChange={(e) => onChange(replaceAt(rows, i, { ...row, pattern: e.target.value }))} {...problems.attrs(`redact.${i}.pattern`)} />
                  {problems.message(`redact.${i}.pattern`)}
                </label>
                <label className="field">
                  <span>{i18n.t('policy.redactReplacement')}</span>
                  <input value={row.replacement} onChange={(e) => onChange(replaceAt(rows, i, { ...row, replacement: e.target.value }))} />
                </label>
              </div>
              {hit && <p className="rule-hit small">{i18n.t('policy.redactHits', { n: i18n.number(hit.titles) })}</p>}
              <RowButtons n={i + 1} count={rows.length} onRemove={() => onChange(rows.filter((_, j) => j !== i))} />
            </li>
          );
        })}
      </ol>
    </RuleCard>
  );
}
