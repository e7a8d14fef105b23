// The dashboard API's routes as a browser needs them to call the hub: each route's method and path,
// and how a path is filled in. No zod here: the dashboard's calls do not wait for the contract
// (shared/dashboard-api.ts, zod and every route's schemas), which the dashboard loads as a chunk
// of its own, after the first paint. The contract spreads these into its entries, so they cannot
// drift.

/**
 * Every route of the dashboard's API: its method and path. The contract (dashboard-api.ts) spreads
 * each into its entry, with the schemas and the docs.
 */
export const ROUTES = {
  login: { method: 'POST', path: '/api/v1/auth/login' },
  me: { method: 'GET', path: '/api/v1/auth/me' },
  logout: { method: 'POST', path: '/api/v1/auth/logout' },
  updateMe: { method: 'PATCH', path: '/api/v1/auth/me' },
  changePassword: { method: 'POST', path: '/api/v1/auth/password' },
  setup: { method: 'POST', path: '/api/v1/setup' },
  inviteInfo: { method: 'POST', path: '/api/v1/invites/lookup' },
  acceptInvite: { method: 'POST', path: '/api/v1/invites/accept' },
  teamNow: { method: 'GET', path: '/api/v1/team-now' },
  managerDay: { method: 'GET', path: '/api/v1/users/:userId/day/:date' },
  week: { method: 'GET', path: '/api/v1/users/:userId/week' },
  grid: { method: 'GET', path: '/api/v1/grid' },
  inbox: { method: 'GET', path: '/api/v1/inbox' },
  review: { method: 'POST', path: '/api/v1/reports/:reportId/review' },
  approveClean: { method: 'POST', path: '/api/v1/reports/approve-clean' },
  teamKpis: { method: 'GET', path: '/api/v1/teams/:teamId/kpis' },
  setTeamKpis: { method: 'PUT', path: '/api/v1/teams/:teamId/kpis' },
  setUserTargets: { method: 'PUT', path: '/api/v1/users/:userId/targets' },
  kpiProgress: { method: 'GET', path: '/api/v1/kpis/progress' },
  kpiMisses: { method: 'GET', path: '/api/v1/kpis/misses' },
  leaderboard: { method: 'GET', path: '/api/v1/leaderboard' },
  standing: { method: 'GET', path: '/api/v1/users/:userId/standing' },
  publishLeaderboard: { method: 'PUT', path: '/api/v1/teams/:teamId/leaderboard' },
  teams: { method: 'GET', path: '/api/v1/teams' },
  renameOrg: { method: 'PATCH', path: '/api/v1/org' },
  createTeam: { method: 'POST', path: '/api/v1/teams' },
  updateTeam: { method: 'PATCH', path: '/api/v1/teams/:teamId' },
  addLead: { method: 'POST', path: '/api/v1/teams/:teamId/leads' },
  removeLead: { method: 'DELETE', path: '/api/v1/teams/:teamId/leads/:userId' },
  users: { method: 'GET', path: '/api/v1/users' },
  invite: { method: 'POST', path: '/api/v1/invites' },
  reinvite: { method: 'POST', path: '/api/v1/users/:userId/invite' },
  updateUser: { method: 'PATCH', path: '/api/v1/users/:userId' },
  deactivate: { method: 'POST', path: '/api/v1/users/:userId/deactivate' },
  reactivate: { method: 'POST', path: '/api/v1/users/:userId/reactivate' },
  enrollmentCodes: { method: 'GET', path: '/api/v1/enrollment-codes' },
  createEnrollmentCode: { method: 'POST', path: '/api/v1/users/:userId/enrollment-codes' },
  expireEnrollmentCode: { method: 'POST', path: '/api/v1/enrollment-codes/:codeId/expire' },
  devices: { method: 'GET', path: '/api/v1/devices' },
  revokeDevice: { method: 'POST', path: '/api/v1/devices/:deviceId/revoke' },
  teamSettings: { method: 'GET', path: '/api/v1/teams/:teamId/settings' },
  setPolicy: { method: 'PUT', path: '/api/v1/teams/:teamId/policy' },
  previewPolicy: { method: 'POST', path: '/api/v1/teams/:teamId/policy/preview' },
  exportCsv: { method: 'GET', path: '/api/v1/exports/days.csv' },
  exportXlsx: { method: 'GET', path: '/api/v1/exports/days.xlsx' },
  exportCalendar: { method: 'GET', path: '/api/v1/users/:userId/calendar.ics' },
  events: { method: 'GET', path: '/api/v1/events' },
} as const;

export type RouteKey = keyof typeof ROUTES;

/** The URL path of a route with its params filled in (encoded). */
export function routePath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`Missing path parameter ${name} for ${path}`);
    return encodeURIComponent(value);
  });
}
