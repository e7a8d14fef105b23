// Where the app is: a screen and its parameters, kept in the address's hash (`#/day/<user>/<date>`),
// so every screen has a link, Back works, and the hub only ever serves one page. Invite and
// set-up links are paths of their own (`/invite#<token>`, `/setup#<token>`), as the hub hands them out.
export type Route =
  | { screen: 'team'; filter?: string }
  | { screen: 'day'; userId: string; date: string }
  | { screen: 'week'; userId: string; date: string }
  | { screen: 'inbox' }
  | { screen: 'kpis' }
  | { screen: 'leaderboard' }
  | { screen: 'admin'; tab?: string }
  | { screen: 'integrations'; tab?: string }
  | { screen: 'exports' }
  | { screen: 'account' }
  | { screen: 'invite'; token: string }
  | { screen: 'setup'; token: string };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function parseLocation(pathname: string, hash: string): Route {
  const bare = hash.replace(/^#/, '');
  if (pathname.replace(/\/$/, '') === '/invite') return { screen: 'invite', token: bare };
  if (pathname.replace(/\/$/, '') === '/setup') return { screen: 'setup', token: bare };
  const parts = bare.replace(/^\//, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [screen, a, b] = parts;
  switch (screen) {
    case 'day':
    case 'week':
      if (a && b && DATE.test(b)) return { screen, userId: a, date: b };
      break;
    case 'inbox':
    case 'kpis':
    case 'leaderboard':
    case 'exports':
    case 'account':
      return { screen };
    case 'admin':
      return { screen: 'admin', tab: a };
    case 'integrations':
      return { screen: 'integrations', tab: a };
    case 'team':
      return { screen: 'team', filter: a };
  }
  return { screen: 'team' };
}

export function hrefOf(route: Route): string {
  switch (route.screen) {
    case 'team':
      return route.filter ? `#/team/${route.filter}` : '#/';
    case 'day':
    case 'week':
      return `#/${route.screen}/${encodeURIComponent(route.userId)}/${route.date}`;
    case 'admin':
    case 'integrations':
      return route.tab ? `#/${route.screen}/${route.tab}` : `#/${route.screen}`;
    case 'invite':
    case 'setup':
      return `/${route.screen}#${route.token}`;
    default:
      return `#/${route.screen}`;
  }
}

