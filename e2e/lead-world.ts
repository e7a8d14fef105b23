// A lead's world on a real hub process, made as an organization makes it: the admin creates two
// teams over the dashboard API and invites their leads and managers (the leads set passwords
// through their invite links), and each manager's agent enrolls with a code and pushes days the
// real agent recorded (its tracker, idle handling, plan store and outbox under a fake clock:
// server/testing/agent-days.ts). Several worlds share one hub without meeting: each has its own
// teams and people, named by `tag`.
import { uuidv7 } from '../shared/uuid.ts';
import { addDays, localDateOf } from '../shared/time.ts';
import type { ReportContent } from '../shared/plan.ts';
import { HubClient } from '../main/sync/hub-client.ts';
import { pushAsAgent } from './push.ts';
import { recordDays, type ScriptedDay } from '../server/testing/agent-days.ts';
import type { HubProcess } from '../test/hub-process.ts';

export const ZONE = 'Europe/Kyiv';
export const LEAD_PASSWORD = 'a lead password for tests 7';

export interface Person {
  id: string;
  name: string;
  email: string;
}

export interface World {
  teamA: { id: string; name: string };
  teamB: { id: string; name: string };
  leadA: Person;
  leadB: Person;
  /** Team A: files every day, all clean. */
  olena: Person;
  /** Team A: no report three days ago, a clean one two days ago, a missed KPI yesterday. */
  ihor: Person;
  /** Team B. */
  taras: Person;
  /** Yesterday, the day before and the one before that, in the managers' zone. */
  dates: [string, string, string];
  /** An invite link not yet used (Olena's: she works in the agent only). */
  openInvite: string;
  /** Every word of this world's data, for the screen scans (names, emails, apps, titles). */
  data: string[];
}

const WINDOWS = [
  { app: 'Google Chrome', title: 'Угода №1042 — Бітрікс24', domain: 'acme.bitrix24.ua' },
  { app: 'Telegram', title: 'Клієнт Петренко' },
  { app: 'LibreOffice Calc', title: 'Звіт за тиждень.xlsx' },
];
export const APP_WORDS = ['Google Chrome', 'Telegram', 'LibreOffice Calc', 'acme.bitrix24.ua', 'example.com', 'laptop'];

const TEAMS: Record<string, [string, string]> = { uk: ['Київ', 'Львів'], ru: ['Одеса', 'Харків'], en: ['Дніпро', 'Полтава'] };

type Admin = HubProcess['admin'];

async function invite(admin: Admin, who: { email: string; name: string; role: 'lead' | 'manager'; teamId: string }): Promise<{ person: Person; url: string }> {
  const out = await admin<{ user: { id: string }; invite: { url: string } }>('POST', '/api/v1/invites', who);
  return { person: { id: out.user.id, name: who.name, email: who.email }, url: out.invite.url };
}

export async function lead(hub: HubProcess, email: string, name: string, teamId: string): Promise<Person> {
  const { person, url } = await invite(hub.admin, { email, name, role: 'lead', teamId });
  const token = new URL(url).hash.slice(1);
  const res = await fetch(`${hub.url}/api/v1/invites/accept`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, password: LEAD_PASSWORD }) });
  if (!res.ok) throw new Error(`accepting the invite of ${email}: ${res.status} ${await res.text()}`);
  await hub.admin('POST', `/api/v1/teams/${teamId}/leads`, { userId: person.id });
  return person;
}

/** A day of calls: reported clean (42 of 40), missed (28) or not at all; `calls` overrides a clean day's count. */
export function day(date: string, clockIn: string, report: 'clean' | 'missed' | null, calls = 42): ScriptedDay {
  const itemId = uuidv7(Date.parse(`${date}T06:00:00Z`));
  const reported: Omit<ReportContent, 'date'> | undefined =
    report === null
      ? undefined
      : {
          items: [{ itemId, outcome: 'done', comment: 'Домовились про поставку', minutes: 45 }],
          unplanned: [],
          kpis: [report === 'clean' ? { key: 'calls_total', target: 40, actual: calls, reason: null, reasonText: '' } : { key: 'calls_total', target: 40, actual: 28, reason: 'clients_unreachable', reasonText: '' }],
          blockers: '',
          note: '',
        };
  return {
    date,
    clockIn,
    minutes: 150,
    clockOut: true,
    steps: [
      { at: 60, kind: 'break', minutes: 15 },
      { at: 100, kind: 'idle', minutes: 10, decision: 'keep', label: 'call' },
    ],
    plan: { items: [{ id: itemId, title: 'Подзвонити ТОВ «Ромашка»', crm: null, priority: 1, estimateMin: 60, carriedFrom: null }], commitments: { calls_total: 40 } },
    ...(reported ? { report: reported } : {}),
  };
}

export async function manager(hub: HubProcess, who: { email: string; name: string; teamId: string }, days: ScriptedDay[], seed: number): Promise<{ person: Person; url: string }> {
  const made = await invite(hub.admin, { ...who, role: 'manager' });
  const { code } = await hub.admin<{ code: string }>('POST', `/api/v1/users/${made.person.id}/enrollment-codes`, {});
  const recorded = await recordDays({ zone: ZONE, windows: WINDOWS, days, seed, tickSeconds: 60 });
  const { token } = await new HubClient({ url: hub.url }).enroll(code, recorded.deviceId, 'laptop');
  const answer = await pushAsAgent(new HubClient({ url: hub.url, token }), recorded.records);
  const refused = answer.results.filter((r) => r.status !== 'stored');
  if (refused.length > 0) throw new Error(`the hub refused records of ${who.email}: ${JSON.stringify(refused.slice(0, 3))}`);
  return made;
}

export async function makeWorld(hub: HubProcess, tag: string): Promise<World> {
  const [a, b] = TEAMS[tag] ?? [`A ${tag}`, `B ${tag}`];
  const teamA = await hub.admin<{ team: { id: string; name: string } }>('POST', '/api/v1/teams', { name: a });
  const teamB = await hub.admin<{ team: { id: string; name: string } }>('POST', '/api/v1/teams', { name: b });
  // Every day a working day, so what is "missing" does not depend on the weekday the test runs.
  for (const team of [teamA, teamB]) await hub.admin('PUT', `/api/v1/teams/${team.team.id}/policy`, { schedule: { days: [1, 2, 3, 4, 5, 6, 7] } });
  const today = localDateOf(Date.now(), ZONE, '04:00');
  const dates: [string, string, string] = [addDays(today, -1), addDays(today, -2), addDays(today, -3)];
  const [d1, d2, d3] = dates;
  const leadA = await lead(hub, `lead.a.${tag}@example.com`, 'Марина Бондар', teamA.team.id);
  const leadB = await lead(hub, `lead.b.${tag}@example.com`, 'Андрій Мельник', teamB.team.id);
  const olena = await manager(hub, { email: `olena.${tag}@example.com`, name: 'Олена Коваль', teamId: teamA.team.id }, [day(d3, '08:50', 'clean'), day(d2, '09:05', 'clean'), day(d1, '08:55', 'clean')], 1);
  const ihor = await manager(hub, { email: `ihor.${tag}@example.com`, name: 'Ігор Петренко', teamId: teamA.team.id }, [day(d3, '09:40', null), day(d2, '09:10', 'clean'), day(d1, '09:20', 'missed')], 2);
  const taras = await manager(hub, { email: `taras.${tag}@example.com`, name: 'Тарас Шевчук', teamId: teamB.team.id }, [day(d1, '09:00', 'clean')], 3);
  const people = [leadA, leadB, olena.person, ihor.person, taras.person];
  return {
    teamA: teamA.team,
    teamB: teamB.team,
    leadA,
    leadB,
    olena: olena.person,
    ihor: ihor.person,
    taras: taras.person,
    dates,
    openInvite: olena.url,
    data: [...people.flatMap((p) => [p.name, p.email]), ...APP_WORDS, ...WINDOWS.map((w) => w.title)],
  };
}
