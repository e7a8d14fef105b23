// Admin in the dashboard: invite links, people, teams and leads, enrollment codes, devices and the
// tracking policy with its preview. Each on the dialect under test (SQLite, or PostgreSQL in the
// postgres project).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVITE_TTL_MS } from '../../shared/dashboard-api.ts';
import { sha256 } from '../auth/tokens.ts';
import { enrollAgent, PASSWORD, seedWorld, signIn, startHub, type Browser, type TestHub, type World } from '../testing/harness.ts';
import { minuteOfSpans, span } from '../testing/records.ts';

let t: TestHub;
let w: World;
let admin: Browser;
beforeAll(async () => {
  t = await startHub();
  w = await seedWorld(t.hub);
  admin = await signIn(t.hub, w.admin.email);
});
afterAll(async () => t?.close());

const post = (url: string, body?: unknown) => admin.send('POST', url, body);
const tokenOf = (url: string) => url.slice(url.indexOf('#') + 1);

describe('invites', () => {
  it('an admin invites by email; the link shows who it is for, sets the password once and signs in', async () => {
    const res = await post('/api/v1/invites', { email: 'Nova@A.test', name: 'Ніна Нова', role: 'manager', teamId: w.t1 });
    expect(res.statusCode).toBe(200);
    const { user, invite } = res.json();
    expect(user).toMatchObject({ email: 'nova@a.test', name: 'Ніна Нова', role: 'manager', teamId: w.t1, teamName: 'Team 1', active: true, hasPassword: false, inviteExpiresAt: t.clock.now + INVITE_TTL_MS });
    expect(invite.url).toMatch(/^http:\/\/localhost(:\d+)?\/invite#zvi_[A-Za-z0-9_-]{43}$/);
    const token = tokenOf(invite.url);
    // Stored hashed: the token itself is nowhere in the database.
    const rows = await t.hub.database.db.selectFrom('invites').selectAll().where('user_id', '=', user.id).execute();
    expect(rows.map((r) => r.token_hash)).toEqual([sha256(token)]);

    const info = await t.hub.app.inject({ method: 'POST', url: '/api/v1/invites/lookup', payload: { token } });
    expect(info.json()).toEqual({ email: 'nova@a.test', name: 'Ніна Нова', orgName: 'Org A', role: 'manager', expiresAt: t.clock.now + INVITE_TTL_MS });

    const short = await t.hub.app.inject({ method: 'POST', url: '/api/v1/invites/accept', payload: { token, password: 'short' } });
    expect(short.statusCode).toBe(400);
    const accepted = await t.hub.app.inject({ method: 'POST', url: '/api/v1/invites/accept', payload: { token, password: 'a new long password', name: 'Ніна' } });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().user).toMatchObject({ email: 'nova@a.test', name: 'Ніна', role: 'manager' });
    expect(accepted.cookies.some((c) => c.name === 'zvit_session')).toBe(true);

    const again = await t.hub.app.inject({ method: 'POST', url: '/api/v1/invites/accept', payload: { token, password: 'someone elses password' } });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe('code_invalid');
    await signIn(t.hub, 'nova@a.test', 'a new long password');
  });

  it('a link expires, and a new one ends the old one', async () => {
    const { user, invite } = (await post('/api/v1/invites', { email: 'late@a.test', name: 'Пізній', role: 'lead', teamId: w.t2 })).json();
    const lookup = (token: string) => t.hub.app.inject({ method: 'POST', url: '/api/v1/invites/lookup', payload: { token } });
    const renewed = (await post(`/api/v1/users/${user.id}/invite`)).json();
    expect((await lookup(tokenOf(invite.url))).json().error.code).toBe('code_invalid');
    expect((await lookup(tokenOf(renewed.invite.url))).statusCode).toBe(200);
    t.clock.now += INVITE_TTL_MS;
    try {
      expect((await lookup(tokenOf(renewed.invite.url))).json().error.code).toBe('code_invalid');
    } finally {
      t.clock.now -= INVITE_TTL_MS;
    }
    // The invited lead leads the team they were invited to.
    const teams = (await admin.get('/api/v1/teams')).json().teams;
    expect(teams.find((x: { id: string }) => x.id === w.t2).leads.map((l: { email: string }) => l.email)).toContain('late@a.test');
  });

  it('refuses an email already taken and a team of another organization', async () => {
    expect((await post('/api/v1/invites', { email: w.m1.email, name: 'Дубль', role: 'manager', teamId: w.t1 })).statusCode).toBe(409);
    expect((await post('/api/v1/invites', { email: 'x@a.test', name: 'Х', role: 'manager', teamId: w.tb })).statusCode).toBe(404);
  });
});

describe('people and teams', () => {
  it('lists teams with leads and member counts; an admin creates, renames, adds and removes leads', async () => {
    const created = (await post('/api/v1/teams', { name: 'Відділ продажів' })).json().team;
    expect(created).toEqual({ id: expect.any(String), name: 'Відділ продажів', leads: [], memberCount: 0, leaderboardNamed: false });
    expect((await post('/api/v1/teams', { name: 'Відділ продажів' })).statusCode).toBe(409);
    const renamed = await admin.send('PATCH', `/api/v1/teams/${created.id}`, { name: 'Продажі' });
    expect(renamed.json().team.name).toBe('Продажі');
    expect((await post(`/api/v1/teams/${created.id}/leads`, { userId: w.m1.id })).json().error.code).toBe('invalid_request');
    const led = (await post(`/api/v1/teams/${created.id}/leads`, { userId: w.lead1.id })).json().team;
    expect(led.leads.map((l: { id: string }) => l.id)).toEqual([w.lead1.id]);
    const lead1 = await signIn(t.hub, w.lead1.email);
    expect((await lead1.get('/api/v1/auth/me')).json().user.ledTeams).toContain(created.id);
    const removed = (await admin.send('DELETE', `/api/v1/teams/${created.id}/leads/${w.lead1.id}`)).json().team;
    expect(removed.leads).toEqual([]);
  });

  it('a lead lists their teams\' people; an admin changes name, role and team', async () => {
    const lead2 = await signIn(t.hub, w.lead2.email);
    const theirs = (await lead2.get('/api/v1/users')).json().users.map((u: { email: string }) => u.email);
    expect(theirs).toContain(w.m2.email);
    expect(theirs).not.toContain(w.m1.email);
    expect((await lead2.get(`/api/v1/users?teamId=${w.t1}`)).statusCode).toBe(404);

    const moved = await admin.send('PATCH', `/api/v1/users/${w.m1b.id}`, { name: 'Борис', teamId: w.t2 });
    expect(moved.json().user).toMatchObject({ name: 'Борис', teamId: w.t2, teamName: 'Team 2' });
    const promoted = await admin.send('PATCH', `/api/v1/users/${w.m1b.id}`, { role: 'lead' });
    expect(promoted.json().user).toMatchObject({ role: 'lead', ledTeams: [w.t2] });
    const back = await admin.send('PATCH', `/api/v1/users/${w.m1b.id}`, { role: 'manager', teamId: w.t1 });
    expect(back.json().user).toMatchObject({ role: 'manager', ledTeams: [], teamId: w.t1 });
    expect((await admin.send('PATCH', `/api/v1/users/${w.admin.id}`, { role: 'manager', teamId: w.t1 })).json().error.message).toMatch(/at least one active admin/);
    expect((await admin.send('PATCH', `/api/v1/users/${w.mB.id}`, { name: 'Чужий' })).statusCode).toBe(404);
  });

  it('deactivation keeps the data, signs the person out, refuses their devices and their password; reactivation lets them in', async () => {
    const m2 = await signIn(t.hub, w.m2.email);
    const agent = await enrollAgent(t.hub, w.m2.id);
    const at = t.clock.now - 3600_000;
    expect((await agent.push([span(agent.deviceId, at, at + 60_000)])).statusCode).toBe(200);

    const res = await post(`/api/v1/users/${w.m2.id}/deactivate`);
    expect(res.json().user).toMatchObject({ active: false, deactivatedAt: t.clock.now, devices: 0 });
    expect((await m2.get('/api/v1/auth/me')).statusCode).toBe(401);
    const pushed = await agent.push([span(agent.deviceId, at + 60_000, at + 120_000)]);
    expect(pushed.statusCode).toBe(401);
    expect(pushed.json().error.code).toBe('device_revoked');
    const login = await t.hub.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: w.m2.email, password: PASSWORD } });
    expect(login.statusCode).toBe(401);
    // Kept: the record pushed before, readable by the admin.
    const records = await admin.get(`/api/v1/users/${w.m2.id}/records?kind=activity_span`);
    expect(records.json().records).toHaveLength(1);
    // Left out of lists unless asked for.
    expect((await admin.get('/api/v1/users')).json().users.some((u: { id: string }) => u.id === w.m2.id)).toBe(false);
    expect((await admin.get('/api/v1/users?includeDeactivated=true')).json().users.some((u: { id: string }) => u.id === w.m2.id)).toBe(true);
    expect((await post(`/api/v1/users/${w.admin.id}/deactivate`)).statusCode).toBe(400);

    expect((await post(`/api/v1/users/${w.m2.id}/reactivate`)).json().user.active).toBe(true);
    await signIn(t.hub, w.m2.email);
  });
});

describe('enrollment codes and devices', () => {
  it('a lead makes a code (shown once), lists it by its hint and expires it', async () => {
    const lead1 = await signIn(t.hub, w.lead1.email);
    const made = await lead1.send('POST', `/api/v1/users/${w.m1.id}/enrollment-codes`, { uses: 2, expiresInHours: 24 });
    expect(made.statusCode).toBe(200);
    const { id, code } = made.json();
    const listed = (await lead1.get(`/api/v1/enrollment-codes?userId=${w.m1.id}`)).json().codes;
    expect(listed).toEqual([
      expect.objectContaining({ id, hint: code.slice(-4), uses: 2, usesLeft: 2, state: 'active', user: expect.objectContaining({ id: w.m1.id }), createdBy: expect.objectContaining({ id: w.lead1.id }) }),
    ]);
    expect(JSON.stringify(listed)).not.toContain(code);
    const expired = await lead1.send('POST', `/api/v1/enrollment-codes/${id}/expire`);
    expect(expired.json().code.state).toBe('expired');
    expect((await lead1.get(`/api/v1/enrollment-codes?userId=${w.m1.id}`)).json().codes).toEqual([]);
    const enroll = await t.hub.app.inject({ method: 'POST', url: '/api/v1/enroll', payload: { code, deviceId: '0190a0a0-0000-7000-8000-000000000001', name: 'pc' } });
    expect(enroll.json().error.code).toBe('code_expired');
    const lead2 = await signIn(t.hub, w.lead2.email);
    expect((await lead2.send('POST', `/api/v1/enrollment-codes/${id}/expire`)).statusCode).toBe(404);
  });

  it('lists devices with last contact and clock offset; a lead revokes one of their team\'s', async () => {
    const agent = await enrollAgent(t.hub, w.m1.id);
    const at = t.clock.now - 600_000;
    await agent.push([span(agent.deviceId, at, at + 60_000)]);
    const lead1 = await signIn(t.hub, w.lead1.email);
    const devices = (await lead1.get(`/api/v1/devices?userId=${w.m1.id}`)).json().devices;
    const mine = devices.find((d: { id: string }) => d.id === agent.deviceId);
    expect(mine).toMatchObject({ name: 'test pc', user: { id: w.m1.id, email: w.m1.email }, revokedAt: null, lastSeenAt: t.clock.now, agentVersion: null });
    const m1 = await signIn(t.hub, w.m1.email);
    expect((await m1.get('/api/v1/devices')).json().devices.map((d: { id: string }) => d.id)).toContain(agent.deviceId);
    expect((await m1.send('POST', `/api/v1/devices/${agent.deviceId}/revoke`)).statusCode).toBe(403);
    expect((await (await signIn(t.hub, w.lead2.email)).send('POST', `/api/v1/devices/${agent.deviceId}/revoke`)).statusCode).toBe(404);
    expect((await lead1.send('POST', `/api/v1/devices/${agent.deviceId}/revoke`)).json()).toEqual({ ok: true });
    expect((await agent.push([])).json().error.code).toBe('device_revoked');
    const after = (await lead1.get(`/api/v1/devices?userId=${w.m1.id}&includeRevoked=false`)).json().devices;
    expect(after.some((d: { id: string }) => d.id === agent.deviceId)).toBe(false);
  });
});

describe('tracking policy', () => {
  it('team settings for the lead; the policy is set by an admin, validated', async () => {
    const lead1 = await signIn(t.hub, w.lead1.email);
    const settings = (await lead1.get(`/api/v1/teams/${w.t1}/settings`)).json();
    expect(settings.team).toEqual({ id: w.t1, name: 'Team 1' });
    expect(settings.policy.idleThresholdSec).toBe(300);
    expect(settings.kpis.length).toBeGreaterThan(10);
    expect((await lead1.send('PUT', `/api/v1/teams/${w.t1}/policy`, { idleThresholdSec: 600 })).statusCode).toBe(403);
    const bad = await admin.send('PUT', `/api/v1/teams/${w.t1}/policy`, { idleThresholdSec: 5 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/idleThresholdSec/);
    const ok = await admin.send('PUT', `/api/v1/teams/${w.t1}/policy`, { idleThresholdSec: 600 });
    expect(ok.json().policy.idleThresholdSec).toBe(600);
    expect((await lead1.get(`/api/v1/teams/${w.t1}/settings`)).json().policy.idleThresholdSec).toBe(600);
  });

  it('previews what a draft\'s rules match in the team\'s last 7 days', async () => {
    // Organization B's team: nothing else in this file records there.
    const adminB = await signIn(t.hub, w.adminB.email);
    const agent = await enrollAgent(t.hub, w.mB.id);
    const day = 86_400_000;
    const recent = t.clock.now - 2 * day;
    const records = [
      ...minuteOfSpans(agent.deviceId, recent, 4),
      span(agent.deviceId, recent + 60_000, recent + 120_000, { app: 'YouTube', exe: 'chrome', title: 'Котики - YouTube', domain: 'youtube.com', category: 'entertainment', productivity: 'unproductive' }),
      // Older than a week: not in the preview.
      span(agent.deviceId, t.clock.now - 9 * day, t.clock.now - 9 * day + 60_000, { app: 'Telegram Desktop', exe: 'telegram', title: 'Старе', domain: null, category: 'messengers' }),
    ];
    expect((await agent.push(records)).statusCode).toBe(200);
    const draft = {
      excludedApps: [{ app: 'YouTube' }],
      categories: [
        { match: { app: 'telegram' }, category: 'chats', productivity: 'neutral' },
        { match: { exe: 'telegram|microsip' }, category: 'calls', productivity: 'productive' },
      ],
      titles: { capture: 'redacted', redact: [{ pattern: '\\+?\\d[\\d ]{7,}\\d', replacement: '[phone]' }] },
    };
    const res = await adminB.send('POST', `/api/v1/teams/${w.tb}/policy/preview`, { policy: draft });
    expect(res.statusCode).toBe(200);
    const p = res.json();
    expect(p.spans).toBe(5);
    expect(p.totalMs).toBe(120_000);
    expect(p.excluded).toMatchObject({ spans: 1, ms: 60_000, samples: [{ app: 'YouTube', title: 'Котики - YouTube', domain: 'youtube.com', ms: 60_000 }] });
    // Telegram meets both rules: the first takes it; MicroSIP only the second.
    expect(p.rules.map((r: { category: string; spans: number }) => [r.category, r.spans])).toEqual([['chats', 1], ['calls', 1]]);
    const cat = (c: string) => p.categories.find((x: { category: string }) => x.category === c);
    expect(cat('messengers')).toMatchObject({ recordedMs: 15_000, draftMs: 0 });
    expect(cat('chats')).toMatchObject({ recordedMs: 0, draftMs: 15_000 });
    expect(cat('entertainment')).toMatchObject({ recordedMs: 60_000, draftMs: 0 });
    expect(p.redactions).toEqual([{ index: 0, titles: 1, samples: [{ before: '+380 44 123 45 67', after: '[phone]' }] }]);
    expect(p.titleCapture).toBe('redacted');
    // A preview saves nothing.
    expect((await adminB.get(`/api/v1/teams/${w.tb}/settings`)).json().policy.excludedApps).toEqual([]);
    expect((await admin.send('POST', `/api/v1/teams/${w.tb}/policy/preview`, { policy: draft })).statusCode).toBe(404);
    const invalid = await adminB.send('POST', `/api/v1/teams/${w.tb}/policy/preview`, { policy: { categories: [{ match: {}, category: 'x', productivity: 'neutral' }] } });
    expect(invalid.statusCode).toBe(400);
  });
});
