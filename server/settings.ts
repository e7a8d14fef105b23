// What leads and admins set for the agents to pull: the team's policy, its KPI definitions and
// targets, and a manager's own targets. Each write takes a change number (changes.ts) so the
// next pull of every affected agent picks it up.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { KpiDefinitionSchema, mergeKpis, type KpiDefinition } from '../shared/kpi.ts';
import { defaultPolicy, parsePolicy, PolicySchema, type Policy } from '../shared/policy.ts';
import { KpiTargetSchema, type KpiTarget } from '../shared/sync.ts';
import { nextSeq } from './changes.ts';
import type { DB } from './db/schema.ts';
import { HubError } from './errors.ts';

export const TeamKpisSchema = z
  .object({
    /** The team's own KPIs; the defaults (shared/kpi.ts) apply unless redefined here. */
    definitions: z.array(KpiDefinitionSchema).max(100),
    targets: z.array(KpiTargetSchema).max(200),
  })
  .strict();

export const UserTargetsSchema = z.object({ targets: z.array(KpiTargetSchema).max(200).nullable() }).strict();

/**
 * Keys of `input` the schema dropped: anything in the input with no counterpart in what the
 * schema parsed it into. (The schema strips unknown keys so that an agent can read a policy from
 * a newer hub; the hub itself stores only what it knows.)
 */
export function unknownKeys(input: unknown, parsed: unknown, path = ''): string[] {
  if (Array.isArray(input) && Array.isArray(parsed)) return input.flatMap((item, i) => unknownKeys(item, parsed[i], `${path}[${i}]`));
  if (!input || typeof input !== 'object' || Array.isArray(input) || !parsed || typeof parsed !== 'object') return [];
  return Object.entries(input).flatMap(([key, value]) => {
    const at = path ? `${path}.${key}` : key;
    return Object.hasOwn(parsed, key) ? unknownKeys(value, (parsed as Record<string, unknown>)[key], at) : [at];
  });
}

export async function setTeamPolicy(db: Kysely<DB>, teamId: string, input: unknown): Promise<Policy> {
  const parsed = parsePolicy(input);
  if (!parsed.ok) throw new HubError(400, 'invalid_request', `The policy is not valid:\n${parsed.error}`);
  const unknown = unknownKeys(input, parsed.policy);
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 5).join(', ') + (unknown.length > 5 ? ` and ${unknown.length - 5} more` : '');
    throw new HubError(400, 'invalid_request', `The policy has fields this hub does not know: ${shown}.`);
  }
  await db.transaction().execute(async (tx) => {
    // The input is stored as given (defaults unexpanded), so new defaults in later builds apply.
    await tx.updateTable('teams').set({ policy: JSON.stringify(input), settings_seq: await nextSeq(tx) }).where('id', '=', teamId).execute();
  });
  return parsed.policy;
}

export async function setTeamKpis(db: Kysely<DB>, teamId: string, input: z.infer<typeof TeamKpisSchema>): Promise<void> {
  const known = new Set(mergeKpis(input.definitions).map((d) => d.key));
  const unknown = input.targets.find((t) => !known.has(t.key));
  if (unknown) throw new HubError(400, 'invalid_request', `A target names KPI "${unknown.key}", which is not defined.`);
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('teams')
      .set({ kpis: JSON.stringify(input.definitions), targets: JSON.stringify(input.targets), settings_seq: await nextSeq(tx) })
      .where('id', '=', teamId)
      .execute();
  });
}

export async function setUserTargets(db: Kysely<DB>, userId: string, targets: KpiTarget[] | null): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('users')
      .set({ targets: targets ? JSON.stringify(targets) : null, settings_seq: await nextSeq(tx) })
      .where('id', '=', userId)
      .execute();
  });
}

export interface TeamSettings {
  policy: Policy;
  kpis: KpiDefinition[];
  /** The team's targets with the user's own overriding by key and period. */
  targets: KpiTarget[];
  seq: number;
}

/** What applies to one user: their team's settings plus their own targets. */
export async function settingsFor(db: Kysely<DB>, userId: string): Promise<TeamSettings> {
  const user = await db.selectFrom('users').select(['team_id', 'targets', 'settings_seq']).where('id', '=', userId).executeTakeFirstOrThrow();
  const team = user.team_id ? await db.selectFrom('teams').select(['policy', 'kpis', 'targets', 'settings_seq']).where('id', '=', user.team_id).executeTakeFirst() : undefined;
  return combine(user, team);
}

/** settingsFor for many users in two statements (a board of 100 managers asks for each). */
export async function settingsForUsers(db: Kysely<DB>, userIds: readonly string[]): Promise<Map<string, TeamSettings>> {
  const out = new Map<string, TeamSettings>();
  const users: { id: string; team_id: string | null; targets: string | null; settings_seq: number }[] = [];
  for (let i = 0; i < userIds.length; i += 500) {
    users.push(...(await db.selectFrom('users').select(['id', 'team_id', 'targets', 'settings_seq']).where('id', 'in', userIds.slice(i, i + 500)).execute()));
  }
  const teamIds = [...new Set(users.map((u) => u.team_id).filter((t): t is string => t !== null))];
  const teamRows = teamIds.length ? await db.selectFrom('teams').select(['id', 'policy', 'kpis', 'targets', 'settings_seq']).where('id', 'in', teamIds).execute() : [];
  // Each team's settings parsed once, not once per member.
  const teams = new Map(teamRows.map((t) => [t.id, teamSettings(t)]));
  for (const u of users) out.set(u.id, withUserTargets(u, u.team_id ? teams.get(u.team_id) : undefined));
  return out;
}

type TeamRow = { policy: string | null; kpis: string; targets: string; settings_seq: number };

function teamSettings(team: TeamRow | undefined): TeamSettings {
  const policy = team?.policy ? PolicySchema.safeParse(JSON.parse(team.policy)) : null;
  const own = team ? KpiDefinitionSchema.array().safeParse(JSON.parse(team.kpis)) : null;
  const teamTargets = team ? KpiTargetSchema.array().safeParse(JSON.parse(team.targets)) : null;
  return {
    policy: policy?.success ? policy.data : defaultPolicy(),
    kpis: mergeKpis(own?.success ? own.data : []),
    targets: teamTargets?.success ? teamTargets.data : [],
    seq: Number(team?.settings_seq ?? 0),
  };
}

function withUserTargets(user: { targets: string | null; settings_seq: number }, team: TeamSettings = teamSettings(undefined)): TeamSettings {
  const userTargets = user.targets ? KpiTargetSchema.array().safeParse(JSON.parse(user.targets)) : null;
  const merged = new Map<string, KpiTarget>();
  for (const t of team.targets) merged.set(`${t.key}/${t.period}`, t);
  for (const t of userTargets?.success ? userTargets.data : []) merged.set(`${t.key}/${t.period}`, t);
  return { policy: team.policy, kpis: team.kpis, targets: [...merged.values()], seq: Math.max(Number(user.settings_seq), team.seq) };
}

function combine(user: { targets: string | null; settings_seq: number }, team: TeamRow | undefined): TeamSettings {
  return withUserTargets(user, teamSettings(team));
}
