// The screens behind sign-in, each its own chunk fetched when first opened, so the sign-in page
// carries only itself. A screen whose chunk is already here (team now, fetched ahead by the
// sign-in page through TeamNow.preload) renders at once: React.lazy would still suspend for a
// tick and then hold its fallback for React's minimum (about 300 ms).
import { createElement, lazy, useState, type ComponentType } from 'react';

function screen<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> & { preload(): Promise<unknown> } {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const preload = () =>
    (loading ??= load().then(
      (c) => (loaded = c),
      (error: unknown) => {
        loading = null;
        throw error;
      },
    ));
  const Lazy = lazy(() => preload().then((c) => ({ default: c })));
  function Screen(props: P) {
    // Chosen once per mount, so the screen is not mounted again when its chunk arrives.
    const [Component] = useState<ComponentType<P>>(() => loaded ?? Lazy);
    return createElement(Component, props);
  }
  return Object.assign(Screen, { preload });
}

export const TeamNow = screen(() => import('./TeamNow.tsx').then((m) => m.TeamNow));
export const ManagerDay = screen(() => import('./ManagerDay.tsx').then((m) => m.ManagerDay));
export const Week = screen(() => import('./Week.tsx').then((m) => m.Week));
export const Inbox = screen(() => import('./Inbox.tsx').then((m) => m.Inbox));
export const Kpis = screen(() => import('./Kpis.tsx').then((m) => m.Kpis));
export const LeaderboardScreen = screen(() => import('./Leaderboard.tsx').then((m) => m.LeaderboardScreen));
export const Admin = screen(() => import('./admin/Admin.tsx').then((m) => m.Admin));
export const Exports = screen(() => import('./Exports.tsx').then((m) => m.Exports));
export const Integrations = screen(() => import('./integrations/Integrations.tsx').then((m) => m.Integrations));
export const Account = screen(() => import('./Account.tsx').then((m) => m.Account));
export const Invite = screen(() => import('./Invite.tsx').then((m) => m.Invite));
export const Setup = screen(() => import('./Invite.tsx').then((m) => m.Setup));
