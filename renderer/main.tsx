// Start-up: pick the transport once, learn the saved language, render, then keep state live
// (change events from the agent, and a poll every 30 s in case the stream is down).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { loadLocale } from './i18n/runtime.ts';
import { NoToken, pageLocale } from './NoToken.tsx';
import { useAgent } from './stores/agent.ts';
import { useLocale } from './stores/locale.ts';
import { useNav } from './stores/nav.ts';
import { useIdleDialog } from './components/idle-dialog-state.ts';
import { desktopNotifier, setNotifier } from './notify/notifier.ts';
import { useNotifyPermission } from './notify/permission.ts';
import { chooseTransport } from './transport/choose.ts';
import { call, setTransport } from './transport/current.ts';
import '../ui/styles/tokens.css';
import '../ui/styles/base.css';
import './styles.css';

const POLL_MS = 30_000;

const root = createRoot(document.getElementById('root')!);
const transport = chooseTransport();
if (!transport) {
  const locale = pageLocale();
  void loadLocale(locale).finally(() => root.render(<NoToken locale={locale} />));
} else {
  setTransport(transport);
  if (window.zvit) {
    setNotifier(desktopNotifier());
    useNotifyPermission.getState().refresh();
  }
  // Desktop: a clicked notification sends this window to its screen; in the tray popover the
  // screens open in the main window instead.
  transport.onOpen?.(({ screen, date }) => (screen === 'idle' ? useIdleDialog.getState().reopen() : useNav.getState().go(screen, date ?? null)));
  const openMain = transport.openMain;
  if (location.hash === '#popover' && openMain) useNav.setState({ go: (screen, date = null) => void openMain({ screen, date }) });
  const { refresh } = useAgent.getState();
  // Status first: the popover waits for nothing else. The language (remembered from last time in
  // the meantime) and the live stream follow, so they do not queue ahead of it in the agent.
  void refresh().finally(() => {
    void call('getSettings', {})
      .then((s) => useLocale.getState().setLocale(s.language))
      .catch(() => undefined);
    transport.subscribe(() => void refresh());
    setInterval(() => void refresh(), POLL_MS);
  });
  // The remembered language's messages load while the status is asked for (Ukrainian is here).
  const { locale } = useLocale.getState();
  document.documentElement.lang = locale;
  void loadLocale(locale)
    .catch(() => undefined)
    .finally(() =>
      root.render(
        <StrictMode>
          <App />
        </StrictMode>,
      ),
    );
}
