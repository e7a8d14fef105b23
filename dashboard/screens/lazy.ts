// The screens behind sign-in, each its own chunk fetched when first opened (or ahead, by preload),
// so the sign-in page carries only itself. A screen whose chunk is here renders at once; one whose
// chunk is on its way shows "loading" and then itself, as soon as it arrives. (React.lazy under
// Suspense would hold its fallback for React's minimum of about 300 ms, even for a chunk that takes
// 20 ms.) A chunk that does not arrive says the hub cannot be reached; opening the screen again
// tries again.
import { createElement, useEffect, useState, type ComponentType } from 'react';
import { ApiError } from '../api/client.ts';
import { ErrorNote, Loading } from '../components/bits.tsx';

type Loaded<P> = { component: ComponentType<P> } | { failed: ApiError } | null;

function screen<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> & { preload(): Promise<ComponentType<P>> } {
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
  function Screen(props: P) {
    const [state, setState] = useState<Loaded<P>>(() => (loaded ? { component: loaded } : null));
    useEffect(() => {
      if (state) return;
      let mounted = true;
      preload().then(
        (component) => mounted && setState({ component }),
        () => mounted && setState({ failed: new ApiError(0, 'network', 'The hub cannot be reached.') }),
      );
      return () => {
        mounted = false;
      };
    }, [state]);
    if (state && 'component' in state) return createElement(state.component, props);
    if (state) return createElement(ErrorNote, { error: state.failed });
    return createElement(Loading);
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
