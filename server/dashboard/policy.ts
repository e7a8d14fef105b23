// A team's tracking policy in the dashboard: read (its lead, admins), set (admins; validated with
// the policy schema by settings.ts) and previewed: what a draft would do to the windows the team
// recorded in the last 7 days, before anyone saves it.
import type { Kysely } from 'kysely';
import type { PolicyPreview } from '../../shared/dashboard-api.ts';
import { KpiDefinitionSchema, mergeKpis } from '../../shared/kpi.ts';
import { compilePolicy, matcherTest, parsePolicy, PolicySchema, type Policy } from '../../shared/policy.ts';
import { KpiTargetSchema } from '../../shared/sync.ts';
import type { HubApp, HubContext } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { HubError } from '../errors.ts';
import { setTeamPolicy } from '../settings.ts';
import { signedInRoute } from './route.ts';
import { requireTeam } from './scope.ts';

const PREVIEW_DAYS = 7;
const SAMPLES = 5;
/** A week of a large team is well under this; beyond it the preview is of the most recent windows. */
const PREVIEW_SPAN_LIMIT = 200_000;

function parseJson<T>(text: string | null, parse: (v: unknown) => T, fallback: T): T {
  if (text === null) return fallback;
  try {
    return parse(JSON.parse(text));
  } catch {
    return fallback;
  }
}

export function storedPolicy(text: string | null): Policy {
  return parseJson(text, (v) => PolicySchema.parse(v), PolicySchema.parse({}));
}

interface Span {
  app: string;
  exe: string | null;
  title: string | null;
  domain: string | null;
  category: string;
  productivity: string;
  ms: number;
}

type Productivity = 'productive' | 'neutral' | 'unproductive';

/** Up to SAMPLES examples by time, identical windows added together. */
function samples(spans: readonly Span[]) {
  const byKey = new Map<string, { app: string; title: string | null; domain: string | null; ms: number }>();
  for (const s of spans) {
    const key = `${s.app}\u0000${s.title ?? ''}\u0000${s.domain ?? ''}`;
    const found = byKey.get(key);
    if (found) found.ms += s.ms;
    else byKey.set(key, { app: s.app, title: s.title, domain: s.domain, ms: s.ms });
  }
  return [...byKey.values()].sort((a, b) => b.ms - a.ms).slice(0, SAMPLES);
}

export function previewOf(draft: Policy, spans: readonly Span[], from: number, to: number): PolicyPreview {
  const compiled = compilePolicy(draft);
  const own = draft.categories.map((r) => matcherTest(r.match));
  const excluded: Span[] = [];
  const ruleHits = draft.categories.map(() => [] as Span[]);
  const categories = new Map<string, { category: string; productivity: Productivity; recordedMs: number; draftMs: number }>();
  const addCategory = (category: string, productivity: Productivity, field: 'recordedMs' | 'draftMs', ms: number) => {
    const key = `${category}\u0000${productivity}`;
    const row = categories.get(key) ?? { category, productivity, recordedMs: 0, draftMs: 0 };
    row[field] += ms;
    categories.set(key, row);
  };
  for (const s of spans) {
    addCategory(s.category, s.productivity as Productivity, 'recordedMs', s.ms);
    if (compiled.isExcluded(s)) {
      excluded.push(s);
      continue;
    }
    const c = compiled.classify(s);
    addCategory(c.category, c.productivity, 'draftMs', s.ms);
    // The first of the team's own rules that matches takes the window (earlier rules win).
    const first = own.findIndex((test) => test(s));
    if (first >= 0) ruleHits[first]!.push(s);
  }
  const titles = [...new Set(spans.map((s) => s.title).filter((t): t is string => t !== null))];
  let current = titles.map((t) => ({ original: t, text: t }));
  const redactions = draft.titles.redact.map((rule, index) => {
    const one = compilePolicy({ ...draft, titles: { capture: 'redacted', redact: [rule] } });
    const changed: { before: string; after: string }[] = [];
    current = current.map((t) => {
      const after = one.titleFor(t.text) ?? t.text;
      if (after !== t.text) changed.push({ before: t.text, after });
      return { original: t.original, text: after };
    });
    return { index, titles: changed.length, samples: changed.slice(0, SAMPLES) };
  });
  const sum = (xs: readonly Span[]) => xs.reduce((n, s) => n + s.ms, 0);
  return {
    from,
    to,
    spans: spans.length,
    totalMs: sum(spans),
    excluded: { spans: excluded.length, ms: sum(excluded), samples: samples(excluded) },
    rules: draft.categories.map((r, index) => ({ index, category: r.category, productivity: r.productivity, spans: ruleHits[index]!.length, ms: sum(ruleHits[index]!), samples: samples(ruleHits[index]!) })),
    categories: [...categories.values()].sort((a, b) => b.recordedMs + b.draftMs - (a.recordedMs + a.draftMs) || a.category.localeCompare(b.category)),
    redactions,
    titleCapture: draft.titles.capture,
  };
}

async function teamSpans(db: Kysely<DB>, teamId: string, from: number, to: number): Promise<Span[]> {
  // Through the members' devices: activity_spans is indexed by (device_id, start).
  const rows = await db
    .selectFrom('activity_spans')
    .innerJoin('devices', 'devices.id', 'activity_spans.device_id')
    .innerJoin('users', 'users.id', 'devices.user_id')
    .select(['activity_spans.app', 'activity_spans.exe', 'activity_spans.title', 'activity_spans.domain', 'activity_spans.category', 'activity_spans.productivity', 'activity_spans.start', 'activity_spans.end'])
    .where('users.team_id', '=', teamId)
    .where('activity_spans.start', '>=', from)
    .where('activity_spans.start', '<', to)
    .orderBy('activity_spans.start', 'desc')
    .limit(PREVIEW_SPAN_LIMIT)
    .execute();
  return rows.map((r) => ({ app: r.app, exe: r.exe, title: r.title, domain: r.domain, category: r.category, productivity: r.productivity, ms: Math.max(0, r.end - r.start) }));
}

export function registerPolicy(app: HubApp, ctx: HubContext): void {
  const { db } = ctx;

  signedInRoute(app, ctx, 'teamSettings', async ({ actor, params }) => {
    const team = await requireTeam(db, actor, params.teamId, 'read');
    const own = parseJson(team.kpis, (v) => KpiDefinitionSchema.array().parse(v), []);
    return {
      team: { id: team.id, name: team.name },
      policy: storedPolicy(team.policy),
      kpiDefinitions: own,
      kpis: mergeKpis(own),
      targets: parseJson(team.targets, (v) => KpiTargetSchema.array().parse(v), []),
    };
  });

  signedInRoute(app, ctx, 'setPolicy', async ({ actor, params, body, raw }) => {
    const team = await requireTeam(db, actor, params.teamId, 'admin');
    const policy = await setTeamPolicy(db, team.id, body);
    raw.log.info({ teamId: team.id, by: actor.userId }, 'team policy changed');
    return { policy };
  });

  signedInRoute(app, ctx, 'previewPolicy', async ({ actor, params, body }) => {
    const team = await requireTeam(db, actor, params.teamId, 'admin');
    const parsed = parsePolicy(body.policy);
    if (!parsed.ok) throw new HubError(400, 'invalid_request', `The policy is not valid:\n${parsed.error}`);
    const to = ctx.now();
    const from = to - PREVIEW_DAYS * 86_400_000;
    return previewOf(parsed.policy, await teamSpans(db, team.id, from, to), from, to);
  });
}
