// The tracking policy as the admin's form holds it (text as typed, rows to add and remove), to
// and from the policy itself. The shared schema (shared/policy.ts) judges the draft, exactly as
// the hub will; its findings come back as message keys on the field they are about, so the form
// says what is wrong in the admin's language, next to the field.
import type { z } from 'zod';
import { defaultPolicy, PolicySchema, type Matcher, type Policy, type PolicyInput } from '../../../../shared/policy.ts';
import { parseTimeOfDay } from '../../../../shared/time-text.ts';
import type { TextKey } from '../../../i18n/types.ts';

/** What a rule may look at, in the order the form shows them. `exe` is kept but not shown. */
export const MATCH_FIELDS = ['app', 'title', 'domain'] as const;
export type MatchField = (typeof MATCH_FIELDS)[number];

export interface MatchRow {
  /** React's key for the row (rows are added, removed and reordered). */
  id: number;
  app: string;
  title: string;
  domain: string;
  /** An executable pattern written before this form (JSON); kept as it was. */
  exe?: string;
}

export interface CategoryRow extends MatchRow {
  category: string;
  productivity: Policy['categories'][number]['productivity'];
}

export interface RedactRow {
  id: number;
  pattern: string;
  replacement: string;
  flags?: string;
}

export interface PolicyDraft {
  idleMinutes: string;
  capture: Policy['titles']['capture'];
  redact: RedactRow[];
  excluded: MatchRow[];
  categories: CategoryRow[];
  days: number[];
  start: string;
  end: string;
  dayStart: string;
  currency: string;
}

let nextId = 1;
export const rowId = () => nextId++;

function matchRow(m: Matcher): MatchRow {
  return { id: rowId(), app: m.app ?? '', title: m.title ?? '', domain: m.domain ?? '', ...(m.exe !== undefined ? { exe: m.exe } : {}) };
}

export function emptyMatch(): MatchRow {
  return { id: rowId(), app: '', title: '', domain: '' };
}

/** Title redactions an admin most often wants, ready to add. */
export const REDACT_PRESETS = {
  phones: '\\+?\\d[\\d\\s().-]{7,}\\d',
  emails: '[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+',
} as const;

export function toDraft(p: Policy): PolicyDraft {
  return {
    idleMinutes: String(Math.round((p.idleThresholdSec / 60) * 10) / 10),
    capture: p.titles.capture,
    redact: p.titles.redact.map((r) => ({ id: rowId(), pattern: r.pattern, replacement: r.replacement, ...(r.flags !== undefined ? { flags: r.flags } : {}) })),
    excluded: p.excludedApps.map(matchRow),
    categories: p.categories.map((c) => ({ ...matchRow(c.match), category: c.category, productivity: c.productivity })),
    days: [...p.schedule.days],
    start: p.schedule.start,
    end: p.schedule.end,
    dayStart: p.dayStart,
    currency: p.currency,
  };
}

function matcherOf(row: MatchRow): Matcher {
  const m: Record<string, string> = {};
  for (const f of MATCH_FIELDS) if (row[f].trim() !== '') m[f] = row[f].trim();
  if (row.exe !== undefined && row.exe !== '') m.exe = row.exe;
  return m;
}

/** "12,5" and "12.5" are both twelve and a half. */
function numberOf(text: string): number {
  const t = text.trim().replace(',', '.');
  return t === '' ? NaN : Number(t);
}

// The fields the form edits; the rest of the saved policy (KPIs, snoozes, sampling) is sent back
// as it was, and only where it differs from the defaults, so later defaults still reach it.
const EDITED: readonly (keyof Policy)[] = ['idleThresholdSec', 'titles', 'excludedApps', 'categories', 'schedule', 'dayStart', 'currency'];

/** The policy the draft stands for, on top of what was saved; times typed as "9" read as 09:00. */
export function fromDraft(d: PolicyDraft, saved: Policy): PolicyInput {
  const defaults = defaultPolicy();
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(saved)) {
    if (EDITED.includes(key as keyof Policy)) continue;
    if (JSON.stringify(value) !== JSON.stringify(defaults[key as keyof Policy])) kept[key] = value;
  }
  const time = (text: string) => parseTimeOfDay(text) ?? text.trim();
  return {
    ...kept,
    idleThresholdSec: Math.round(numberOf(d.idleMinutes) * 60),
    dayStart: time(d.dayStart),
    titles: { capture: d.capture, redact: d.redact.map((r) => ({ pattern: r.pattern, replacement: r.replacement, ...(r.flags !== undefined ? { flags: r.flags } : {}) })) },
    excludedApps: d.excluded.map(matcherOf),
    categories: d.categories.map((c) => ({ match: matcherOf(c), category: c.category.trim(), productivity: c.productivity })),
    schedule: { start: time(d.start), end: time(d.end), days: [...d.days].sort((a, b) => a - b) },
    currency: d.currency.trim().toUpperCase(),
  };
}

/** A problem with one field: where (the draft's own path, e.g. `categories.2.app`) and what. */
export interface Problem {
  field: string;
  key: TextKey;
  vars?: Record<string, string | number>;
}

export type Checked = { ok: true; policy: Policy; input: PolicyInput } | { ok: false; problems: Problem[] };

/** The draft judged by the shared schema, each finding turned into a field and a message key. */
export function checkDraft(d: PolicyDraft, saved: Policy): Checked {
  const input = fromDraft(d, saved);
  const problems: Problem[] = [];
  if (numberOf(d.idleMinutes) !== numberOf(d.idleMinutes)) problems.push({ field: 'idleMinutes', key: 'policy.err.idle' });
  const result = PolicySchema.safeParse(input);
  if (!result.success) for (const issue of result.error.issues) problems.push(problemOf(issue, d));
  // The schedule's end before its start is allowed by the schema (a night shift) but is almost
  // always a slip of the hand in a sales team; say so rather than save it silently.
  const start = parseTimeOfDay(d.start);
  const end = parseTimeOfDay(d.end);
  if (start && end && end <= start) problems.push({ field: 'end', key: 'policy.err.endBeforeStart' });
  const unique = problems.filter((p, i) => problems.findIndex((q) => q.field === p.field) === i);
  if (unique.length > 0 || !result.success) return { ok: false, problems: unique };
  return { ok: true, policy: result.data, input };
}

function problemOf(issue: z.core.$ZodIssue, d: PolicyDraft): Problem {
  const [head, a, b, c] = issue.path as (string | number)[];
  switch (head) {
    case 'idleThresholdSec':
      return { field: 'idleMinutes', key: 'policy.err.idle' };
    case 'dayStart':
      return { field: 'dayStart', key: 'policy.err.time' };
    case 'currency':
      return { field: 'currency', key: 'policy.err.currency' };
    case 'schedule':
      return a === 'days' ? { field: 'days', key: 'policy.err.days' } : { field: String(a), key: 'policy.err.time' };
    case 'excludedApps':
      // excludedApps[i] (a rule with nothing to match) or excludedApps[i].app (a bad pattern)
      return typeof b === 'string' ? { field: `excluded.${a}.${b}`, key: 'policy.err.pattern' } : { field: `excluded.${a}`, key: 'policy.err.emptyMatch' };
    case 'categories':
      // categories[i].match, categories[i].match.app, categories[i].category
      if (b === 'category') return { field: `categories.${a}.category`, key: 'policy.err.category' };
      if (b === 'match') return typeof c === 'string' ? { field: `categories.${a}.${c}`, key: 'policy.err.pattern' } : { field: `categories.${a}`, key: 'policy.err.emptyMatch' };
      return { field: `categories.${a}`, key: 'policy.err.invalid' };
    case 'titles': {
      if (a !== 'redact' || typeof b !== 'number') return { field: 'capture', key: 'policy.err.invalid' };
      const rule = d.redact[b];
      if (c === 'flags') return { field: `redact.${b}.pattern`, key: 'policy.err.pattern' };
      if (!rule || rule.pattern === '') return { field: `redact.${b}.pattern`, key: 'policy.err.required' };
      if (/empty string/.test(issue.message)) return { field: `redact.${b}.pattern`, key: 'policy.err.matchesEmpty' };
      return { field: `redact.${b}.pattern`, key: 'policy.err.pattern' };
    }
    default:
      return { field: 'form', key: 'policy.err.invalid' };
  }
}

/** Common currencies first (the ones Zvit's customers pay in), then every other the browser knows. */
export function currencies(): string[] {
  const first = ['UAH', 'EUR', 'USD', 'PLN', 'KZT', 'GEL', 'MDL', 'CZK', 'GBP'];
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : [];
  return [...first, ...all.filter((c) => !first.includes(c))];
}
