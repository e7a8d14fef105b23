// The screens behind sign-in, each its own chunk fetched when first opened (or ahead, by preload),
// so the sign-in page carries only itself. A screen whose chunk is here renders at once; one whose
// chunk is on its way shows "loading" and then itself, as soon as it arrives. (React.lazy under
// Suspense would hold its fallback for React's minimum of about 300 ms, even for a chunk that takes
// 20 ms.) A chunk that does not arrive says the hub cannot be reached, with a button that asks for
// it again (as does opening the screen again): a failed fetch is forgotten, never kept as the answer.
// A retry that fails too while the hub serves another build (a new deploy: this page's chunk names
// are gone from it) reloads the page, the one way to the new build's chunks.
import { createElement, useEffect, useState, type ComponentType } from 'react';
import { ApiError } from '../api/client.ts';
import { ErrorNote, Loading } from '../components/bits.tsx';

/** The chunk is here; or it failed; or it is being asked for, the `tries`th time after a failure. */
type Loaded<P> = { component: ComponentType<P> } | { failed: number } | { tries: number };

/** Whether the hub's page now names another entry script than this page's (a new build). */
async function hubHasAnotherBuild(): Promise<boolean> {
  const entry = document.querySelector('script[type="module"][src]')?.getAttribute('src');
  try {
    const page = await fetch('/', { cache: 'no-cache' });
    return !!entry && page.ok && !(await page.text()).includes(entry);
  } catch {
    return false;
  }
}

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
    const [state, setState] = useState<Loaded<P>>(() => (loaded ? { component: loaded } : { tries: 0 }));
    useEffect(() => {
      if (!('tries' in state)) return;
      let mounted = true;
      preload().then(
        (component) => mounted && setState({ component }),
        async () => {
          const newBuild = state.tries > 0 && (await hubHasAnotherBuild());
          if (!mounted) return;
          if (newBuild) location.reload();
          else setState({ failed: state.tries });
        },
      );
      return () => {
        mounted = false;
      };
    }, [state]);
    if ('component' in state) return createElement(state.component, props);
    if ('failed' in state) {
      const tries = state.failed + 1;
      return createElement(ErrorNote, { error: new ApiError(0, 'network', 'The hub cannot be reached.'), retry: () => setState({ tries }) });
    }
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
