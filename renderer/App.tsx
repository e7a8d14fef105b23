// The page: the tray popover beside the screen picked in the navigation, and the idle dialog.
import { CalendarDays, ClipboardList, FileText, Settings } from 'lucide-react';
import { lazy, Suspense, useEffect, type ComponentType } from 'react';
import { Mark } from '../ui/brand/Mark.tsx';
import { I18nProvider } from '../ui/i18n/use-i18n.ts';
import { PRODUCT_NAME } from './attention/tab.ts';
import { useTabAttention } from './attention/use-tab-attention.ts';
import { IdleDialog } from './components/IdleDialog.tsx';
import { Popover } from './components/Popover.tsx';
import { useI18n } from './i18n/use-i18n.ts';
import type { TextKey } from './i18n/types.ts';
import { useAgent } from './stores/agent.ts';
import { useBoot } from './stores/boot.ts';
import { useNav, type Screen } from './stores/nav.ts';
import { usePromptNotifications } from './notify/use-prompt-notifications.ts';
import { usePlan } from './stores/plan.ts';

// The screens load after the popover: the popover must be usable first (it is the tray window in
// Electron), and the charts library is most of the code.
const DayScreen = lazy(() => import('./screens/DayScreen.tsx').then((m) => ({ default: m.DayScreen })));
const PlanScreen = lazy(() => import('./screens/PlanScreen.tsx').then((m) => ({ default: m.PlanScreen })));
const ReportScreen = lazy(() => import('./screens/ReportScreen.tsx').then((m) => ({ default: m.ReportScreen })));
const SettingsScreen = lazy(() => import('./screens/SettingsScreen.tsx').then((m) => ({ default: m.SettingsScreen })));

const SCREENS: { screen: Screen; label: TextKey; icon: ComponentType<{ className?: string; 'aria-hidden'?: boolean }> }[] = [
  { screen: 'day', label: 'nav.day', icon: CalendarDays },
  { screen: 'plan', label: 'nav.plan', icon: ClipboardList },
  { screen: 'report', label: 'nav.report', icon: FileText },
  { screen: 'settings', label: 'nav.settings', icon: Settings },
];

export function App() {
  const i18n = useI18n();
  const { screen, go } = useNav();
  const connection = useAgent((s) => s.connection);
  // The screens start loading once the popover can take a click, not before: the popover must
  // not wait behind the charts' code.
  const started = useBoot((s) => s.popoverReady);
  const today = useAgent((s) => s.status?.today.date);
  const loadPlan = usePlan((s) => s.load);
  useEffect(() => {
    // Today's plan feeds the task picker; a new day means a new (empty) plan.
    if (today) void loadPlan().catch(() => undefined);
  }, [today, loadPlan]);
  // Behind other windows the tab still says what state the day is in and what waits.
  useTabAttention(started);
  usePromptNotifications();

  // The desktop tray popover: the same page, the popover alone (its buttons open the main window).
  if (location.hash === '#popover') {
    return (
      <I18nProvider value={i18n}>
        <div className="app popover-window">
          <Popover />
          <IdleDialog />
        </div>
      </I18nProvider>
    );
  }

  return (
    <I18nProvider value={i18n}>
      <div className="app">
        <a className="skip" href="#main">
          {i18n.t('app.skip')}
        </a>
        <header className="topbar">
          <h1 className="brand">
            <Mark size={26} />
            <span>{PRODUCT_NAME}</span>
          </h1>
          <nav aria-label={i18n.t('nav.label')}>
            <ul className="tabs">
              {SCREENS.map((s) => (
                <li key={s.screen}>
                  <button type="button" className="tab" aria-current={screen === s.screen ? 'page' : undefined} onClick={() => go(s.screen)}>
                    <s.icon className="icon" aria-hidden={true} />
                    {i18n.t(s.label)}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        {connection === 'lost' && (
          <p className="banner" role="alert">
            {i18n.t('app.lost')}
          </p>
        )}
        <div className="layout">
          <aside className="side">
            <Popover />
          </aside>
          <main id="main" tabIndex={-1} className="content card">
            {started && (
              <Suspense fallback={null}>
                {screen === 'day' && <DayScreen />}
                {screen === 'plan' && <PlanScreen />}
                {screen === 'report' && <ReportScreen />}
                {screen === 'settings' && <SettingsScreen />}
              </Suspense>
            )}
          </main>
        </div>
        <IdleDialog />
      </div>
    </I18nProvider>
  );
}
