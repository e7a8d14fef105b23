// Addresses and screens map both ways, so a link to a manager's day opens that day (also after
// signing in again), and invite and set-up links find their token.
import { describe, expect, it } from 'vitest';
import { hrefOf, parseLocation, type Route } from './routes.ts';

describe('dashboard routes', () => {
  const routes: Route[] = [
    { screen: 'team' },
    { screen: 'team', filter: 'no_plan' },
    { screen: 'day', userId: 'u 1/ä', date: '2026-03-29' },
    { screen: 'week', userId: 'u1', date: '2026-03-30' },
    { screen: 'inbox' },
    { screen: 'kpis' },
    { screen: 'leaderboard' },
    { screen: 'admin', tab: 'devices' },
    { screen: 'integrations', tab: 'webhooks' },
    { screen: 'integrations' },
    { screen: 'exports' },
    { screen: 'account' },
  ];
  for (const route of routes) {
    it(`${JSON.stringify(route)} survives a round trip`, () => {
      expect(parseLocation('/', hrefOf(route))).toEqual(route);
    });
  }

  it('reads the token of invite and set-up links from the hash', () => {
    expect(parseLocation('/invite', '#abc.DEF-123')).toEqual({ screen: 'invite', token: 'abc.DEF-123' });
    expect(parseLocation('/setup/', '#tok')).toEqual({ screen: 'setup', token: 'tok' });
  });

  it('falls back to team now for anything it does not know', () => {
    expect(parseLocation('/', '#/day/u1/not-a-date')).toEqual({ screen: 'team' });
    expect(parseLocation('/', '#/nowhere')).toEqual({ screen: 'team' });
    expect(parseLocation('/', '')).toEqual({ screen: 'team' });
  });
});
