// Every dashboard route × who calls it (PRODUCT.md "Access hierarchy", issue §9): signed out, the
// manager on their own data, their team's lead, a lead of another team, the organization's admin,
// and an admin of another organization. The subject is always team t1 / its manager m1 (or m1b
// where the call would lock m1 out). Ids the caller may not see answer 404, never 403, so they
// cannot be probed. The table is typed by the contract: a new route that is not in it fails to
// compile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardApi, routePath, type RouteName } from '../../shared/dashboard-api.ts';
import { createEnrollmentCode } from '../devices.ts';
import { enrollAgent, seedWorld, signIn, startHub, type Browser, type TestHub, type World } from '../testing/harness.ts';
import { reportRevision } from '../testing/records.ts';

const ACTORS = ['signedOut', 'manager', 'leadOther', 'otherOrg', 'leadOwn', 'admin'] as const;
type ActorName = (typeof ACTORS)[number];
/** Expected statuses in the order: signed out, manager (own), lead (own team), lead (other team), admin, other organization. */
type Row = [out: number, manager: number, leadOwn: number, leadOther: number, admin: number, otherOrg: number];

interface Fixtures {
  w: World;
  reportId: string;
  deviceId: string;
  codeId: string;
}

interface Case {
  /** Whose data: the manager column calls as this person. */
  subject?: 'm1' | 'm1b';
  params?: (f: Fixtures) => Record<string, string>;
  query?: (f: Fixtures) => string;
  body?: (f: Fixtures, actor: ActorName) => unknown;
  expect: Row;
  /** Streams are checked where they are implemented. */
  skip?: string;
}

const RANGE = 'from=2026-02-23&to=2026-03-01';
const t1 = (f: Fixtures) => ({ teamId: f.w.t1 });
const m1 = (f: Fixtures) => ({ userId: f.w.m1.id });
const SIGNED_IN = 200;

// Order matters where a call changes state: each row runs its callers in ACTORS order, rows in
// this order (removeLead before addLead restores the lead; deactivate before reactivate).
const MATRIX: Record<RouteName, Case> = {
  login: { body: (f) => ({ email: f.w.m1.email, password: 'not the password' }), expect: [401, 401, 401, 401, 401, 401] },
  me: { expect: [401, SIGNED_IN, SIGNED_IN, SIGNED_IN, SIGNED_IN, SIGNED_IN] },
  updateMe: { body: () => ({ locale: 'uk' }), expect: [401, 200, 200, 200, 200, 200] },
  changePassword: { body: () => ({ currentPassword: 'not the password', newPassword: 'a long new password' }), expect: [401, 400, 400, 400, 400, 400] },
  logout: { expect: [401, 204, 204, 204, 204, 204] },
  setup: { body: () => ({ token: 'zvsetup_nope', email: 'x@a.test', password: 'a long password' }), expect: [400, 400, 400, 400, 400, 400] },
  inviteInfo: { body: () => ({ token: 'zvi_nope' }), expect: [400, 400, 400, 400, 400, 400] },
  acceptInvite: { body: () => ({ token: 'zvi_nope', password: 'a long password' }), expect: [400, 400, 400, 400, 400, 400] },

  teamNow: { query: (f) => `teamId=${f.w.t1}`, expect: [401, 403, 200, 404, 200, 404] },
  managerDay: { params: (f) => ({ userId: f.w.m1.id, date: '2026-02-26' }), expect: [401, 200, 200, 404, 200, 404] },
  week: { params: m1, query: () => 'date=2026-02-26', expect: [401, 200, 200, 404, 200, 404] },
  grid: { query: (f) => `userId=${f.w.m1.id}&${RANGE}`, expect: [401, 200, 200, 404, 200, 404] },

  inbox: { query: (f) => `teamId=${f.w.t1}&${RANGE}`, expect: [401, 403, 200, 404, 200, 404] },
  review: { params: (f) => ({ reportId: f.reportId }), body: () => ({ status: 'returned', comment: 'Уточни' }), expect: [401, 403, 200, 404, 200, 404] },
  // Bulk: the call is a lead's or admin's; ids they may not see come back as skipped, not_found.
  approveClean: { body: (f) => ({ reportIds: [f.reportId] }), expect: [401, 403, 200, 200, 200, 200] },

  teamKpis: { params: t1, expect: [401, 404, 200, 404, 200, 404] },
  setTeamKpis: { params: t1, body: () => ({ definitions: [], targets: [{ key: 'calls_total', period: 'day', value: 40 }] }), expect: [401, 404, 200, 404, 200, 404] },
  setUserTargets: { params: m1, body: () => ({ targets: null }), expect: [401, 403, 200, 404, 200, 404] },
  kpiProgress: { query: (f) => `userId=${f.w.m1.id}&period=week&date=2026-02-26`, expect: [401, 200, 200, 404, 200, 404] },
  kpiMisses: { query: (f) => `userId=${f.w.m1.id}&${RANGE}`, expect: [401, 200, 200, 404, 200, 404] },
  leaderboard: { query: (f) => `teamId=${f.w.t1}`, expect: [401, 403, 200, 404, 200, 404] },
  standing: { params: m1, expect: [401, 200, 200, 404, 200, 404] },
  publishLeaderboard: { params: t1, body: () => ({ named: false }), expect: [401, 404, 200, 404, 200, 404] },

  teams: { expect: [401, 403, 200, 200, 200, 200] },
  renameOrg: { body: (_f, actor) => ({ name: `Organization of ${actor}` }), expect: [401, 403, 403, 403, 200, 200] },
  createTeam: { body: (_f, actor) => ({ name: `New team of ${actor}` }), expect: [401, 403, 403, 403, 200, 200] },
  updateTeam: { params: t1, body: () => ({ name: 'Team 1' }), expect: [401, 404, 403, 404, 200, 404] },
  removeLead: { params: (f) => ({ teamId: f.w.t1, userId: f.w.leadBoth.id }), expect: [401, 404, 403, 404, 200, 404] },
  addLead: { params: t1, body: (f) => ({ userId: f.w.leadBoth.id }), expect: [401, 404, 403, 404, 200, 404] },
  users: { query: (f) => `teamId=${f.w.t1}`, expect: [401, 403, 200, 404, 200, 404] },
  invite: { body: (_f, actor) => ({ email: `invited.${actor}@a.test`, name: 'Новенький', role: 'lead', teamId: null }), expect: [401, 403, 403, 403, 200, 200] },
  reinvite: { params: m1, expect: [401, 403, 403, 404, 200, 404] },
  updateUser: { params: m1, body: () => ({ name: 'Марія' }), expect: [401, 403, 403, 404, 200, 404] },
  // m1b: once the admin deactivates them, their own session ends (reactivate's manager column: 401).
  deactivate: { subject: 'm1b', params: (f) => ({ userId: f.w.m1b.id }), expect: [401, 403, 403, 404, 200, 404] },
  reactivate: { subject: 'm1b', params: (f) => ({ userId: f.w.m1b.id }), expect: [401, 401, 403, 404, 200, 404] },

  enrollmentCodes: { query: (f) => `userId=${f.w.m1.id}`, expect: [401, 403, 200, 404, 200, 404] },
  createEnrollmentCode: { params: m1, body: () => ({}), expect: [401, 403, 200, 404, 200, 404] },
  expireEnrollmentCode: { params: (f) => ({ codeId: f.codeId }), expect: [401, 403, 200, 404, 200, 404] },
  devices: { query: (f) => `userId=${f.w.m1.id}`, expect: [401, 200, 200, 404, 200, 404] },
  revokeDevice: { params: (f) => ({ deviceId: f.deviceId }), expect: [401, 403, 200, 404, 200, 404] },

  teamSettings: { params: t1, expect: [401, 404, 200, 404, 200, 404] },
  setPolicy: { params: t1, body: () => ({ idleThresholdSec: 300 }), expect: [401, 404, 403, 404, 200, 404] },
  previewPolicy: { params: t1, body: () => ({ policy: {} }), expect: [401, 404, 403, 404, 200, 404] },

  exportCsv: { query: (f) => `userId=${f.w.m1.id}&${RANGE}`, expect: [401, 200, 200, 404, 200, 404] },
  exportXlsx: { query: (f) => `userId=${f.w.m1.id}&${RANGE}`, expect: [401, 200, 200, 404, 200, 404] },
  exportCalendar: { params: m1, query: () => RANGE, expect: [401, 200, 200, 404, 200, 404] },
  events: { expect: [401, 200, 200, 200, 200, 200], skip: 'an event stream never ends: checked by its own tests' },
};

const COLUMN: Record<ActorName, number> = { signedOut: 0, manager: 1, leadOwn: 2, leadOther: 3, admin: 4, otherOrg: 5 };

let t: TestHub;
let f: Fixtures;
const browsers = new Map<string, Browser>();

beforeAll(async () => {
  t = await startHub();
  const w = await seedWorld(t.hub);
  const agent = await enrollAgent(t.hub, w.m1.id);
  const report = reportRevision(agent.deviceId, t.clock.now - 3 * 86_400_000, { date: '2026-02-26' });
  expect((await agent.push([report])).json().results[0].status).toBe('stored');
  const code = await createEnrollmentCode(t.hub.database.db, { userId: w.m1.id, createdBy: w.lead1.id });
  f = { w, reportId: report.reportId, deviceId: agent.deviceId, codeId: code.id };
});
afterAll(async () => t?.close());

function emailOf(actor: ActorName, subject: 'm1' | 'm1b'): string | null {
  const { w } = f;
  return { signedOut: null, manager: w[subject].email, leadOwn: w.lead1.email, leadOther: w.lead2.email, admin: w.admin.email, otherOrg: w.adminB.email }[actor];
}

async function browserFor(email: string, fresh: boolean): Promise<Browser> {
  if (fresh) return signIn(t.hub, email);
  const known = browsers.get(email);
  if (known) return known;
  const b = await signIn(t.hub, email);
  browsers.set(email, b);
  return b;
}

describe('access matrix', () => {
  for (const name of Object.keys(MATRIX) as RouteName[]) {
    const c = MATRIX[name];
    const def = dashboardApi[name];
    describe(`${def.method} ${def.path} (${name})`, () => {
      for (const actor of ACTORS) {
        const status = c.expect[COLUMN[actor]]!;
        const title = `${actor} → ${status}`;
        if (c.skip) {
          it.skip(`${title}: ${c.skip}`, () => {});
          continue;
        }
        it(title, async (ctx) => {
          if (!t.hub.app.hasRoute({ method: def.method, url: def.path })) ctx.skip();
          const url = routePath(def.path, c.params?.(f)) + (c.query ? `?${c.query(f)}` : '');
          const body = c.body?.(f, actor);
          const email = emailOf(actor, c.subject ?? 'm1');
          let res;
          if (email === null) {
            res = await t.hub.app.inject({ method: def.method, url, ...(body !== undefined ? { payload: body as object } : {}) });
          } else {
            // Sign-out ends the session it is called with: give it its own.
            const b = await browserFor(email, name === 'logout');
            res = def.method === 'GET' ? await b.get(url) : await b.send(def.method, url, body);
          }
          expect(res.statusCode, res.body.slice(0, 300)).toBe(status);
          if (status >= 400) expect(Object.keys(res.json().error).sort()).toEqual(['code', 'message']);
          if (status === 404) expect(res.json().error.code).toBe('not_found');
        });
      }
    });
  }

  it('bulk approval by someone who may not see the report approves nothing', async () => {
    const b = await browserFor(f.w.adminB.email, false);
    const res = await b.send('POST', '/api/v1/reports/approve-clean', { reportIds: [f.reportId] });
    expect(res.json()).toEqual({ approved: [], skipped: [{ reportId: f.reportId, reason: 'not_found' }] });
  });
});
