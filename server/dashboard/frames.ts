// What a team's screens need from its settings, read once per call: the schedule's working days,
// where the working day starts, the KPI definitions and the team's targets.
import type { Kysely } from 'kysely';
import { KpiDefinitionSchema, mergeKpis, type KpiDefinition } from '../../shared/kpi.ts';
import { KpiTargetSchema, type KpiTarget } from '../../shared/sync.ts';
import type { Actor } from '../access.ts';
import type { DB } from '../db/schema.ts';
import { forbidden } from '../errors.ts';
import { storedPolicy } from './policy.ts';

export interface TeamFrame {
  days: number[];
  dayStart: string;
  kpis: KpiDefinition[];
  targets: KpiTarget[];
  named: boolean;
  /** ISO 4217, from the team's policy. */
  currency: string;
}

function parsed<T>(text: string, parse: (v: unknown) => T, fallback: T): T {
  try {
    return parse(JSON.parse(text));
  } catch {
    return fallback;
  }
}

export async function teamFrames(db: Kysely<DB>, users: readonly { teamId: string | null }[]): Promise<Map<string, TeamFrame>> {
  const ids = [...new Set(users.map((u) => u.teamId).filter((x): x is string => x !== null))];
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('teams').select(['id', 'policy', 'kpis', 'targets', 'leaderboard_named']).where('id', 'in', ids).execute();
  return new Map(
    rows.map((t) => {
      const policy = storedPolicy(t.policy);
      return [
        t.id,
        {
          days: policy.schedule.days,
          dayStart: policy.dayStart,
          kpis: mergeKpis(parsed(t.kpis, (v) => KpiDefinitionSchema.array().parse(v), [])),
          targets: parsed(t.targets, (v) => KpiTargetSchema.array().parse(v), []),
          named: Number(t.leaderboard_named) === 1,
          currency: policy.currency,
        },
      ];
    }),
  );
}

/**
 * The currency money is shown in for these people: their team's (the first team among them, as
 * a screen shows one team at a time), or the policy's default when none of them is in a team.
 */
export async function currencyOf(db: Kysely<DB>, users: readonly { teamId: string | null }[]): Promise<string> {
  const first = users.find((u) => u.teamId !== null);
  return (first?.teamId ? (await teamFrames(db, [first])).get(first.teamId)?.currency : undefined) ?? storedPolicy(null).currency;
}

/** Screens of a whole team: a manager sees their own data elsewhere. */
export function forbiddenForManagers(actor: Actor): void {
  if (actor.role === 'manager') throw forbidden('Managers see only their own data.');
}
