// Start-up: learn whether a session is open while the language's messages arrive, render, and
// keep the screens live once signed in. The session check itself is index.html's preload, asked
// while the scripts load. A lead lands on team now: its chunk comes with the messages, and its data
// is asked the moment a session is known (signed in or restored), while React renders. The event
// stream (with the contract: zod and every schema) is a chunk of its own, loaded once the
// signed-in screen has had its turn.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { loadCatalogue } from './i18n/load.ts';
import { useLocale } from './stores/locale.ts';
import { useSession } from './stores/session.ts';
import { useRoute } from './stores/route.ts';
import { prefetch } from './api/client.ts';
import { TeamNow } from './screens/lazy.ts';
import '../ui/styles/tokens.css';
import '../ui/styles/base.css';
import './styles.css';

const { locale } = useLocale.getState();
document.documentElement.lang = locale;
const landsOnTeamNow = () => useRoute.getState().route.screen === 'team';
if (landsOnTeamNow()) TeamNow.preload().catch(() => {});
const stream = () => import('./stores/live-stream.ts');
// Safari has no requestIdleCallback: a short wait does there.
const whenIdle = (f: () => void) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(f, { timeout: 2000 }) : setTimeout(f, 300));
const live = (use: (m: Awaited<ReturnType<typeof stream>>) => void) => stream().then(use, () => {}); // a chunk that did not load: screens still refetch when opened
useSession.subscribe((s, before) => {
  if (s.status === before.status) return;
  if (s.status === 'signed_in') {
    if (s.session?.user.role !== 'manager' && landsOnTeamNow()) prefetch('teamNow', { query: {} });
    // Idle: after the screen's own chunk, call and render (the stream's schemas take a while to
    // build); within 2 s whatever the page is doing.
    whenIdle(() => void live((m) => useSession.getState().status === 'signed_in' && m.startLive()));
  } else if (before.status === 'signed_in') void live((m) => useSession.getState().status !== 'signed_in' && m.stopLive());
});
void useSession.getState().restore();
await loadCatalogue(locale);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
