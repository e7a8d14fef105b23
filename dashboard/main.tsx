// Start-up: learn whether a session is open while the language's messages arrive, render, and
// keep the screens live once signed in.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { loadCatalogue } from './i18n/load.ts';
import { useLocale } from './stores/locale.ts';
import { useSession } from './stores/session.ts';
import { startLive, stopLive } from './stores/live.ts';
import '../ui/styles/tokens.css';
import '../ui/styles/base.css';
import './styles.css';

const { locale } = useLocale.getState();
document.documentElement.lang = locale;
useSession.subscribe((s, before) => {
  if (s.status === before.status) return;
  if (s.status === 'signed_in') startLive();
  else stopLive();
});
void useSession.getState().restore();
await loadCatalogue(locale);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
