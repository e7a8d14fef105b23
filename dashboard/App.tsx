// The dashboard's frame: the header with the screens a signed-in person may open, the language
// and the account; sign-in over whatever page was asked for (so it opens after signing in).
// Each screen comes in its own chunk when first opened (screens/lazy.ts).
import { I18nProvider } from '../ui/i18n/use-i18n.ts';
import type { Me } from '../shared/dashboard-api.ts';
import { useI18n } from './i18n/use-i18n.ts';
import { useSession } from './stores/session.ts';
import { LanguagePicker } from './components/LanguagePicker.tsx';
import { hrefOf, useRoute, type Route } from './stores/route.ts';
import { SignIn } from './screens/SignIn.tsx';
import { Account, Admin, Exports, Inbox, Integrations, Invite, Kpis, LeaderboardScreen, ManagerDay, Setup, TeamNow, Week } from './screens/lazy.ts';
import type { TextKey } from './i18n/types.ts';

const NAV: { screen: Route['screen']; key: TextKey; roles: Me['role'][] }[] = [
  { screen: 'team', key: 'nav.team', roles: ['lead', 'admin'] },
  { screen: 'inbox', key: 'nav.inbox', roles: ['lead', 'admin'] },
  { screen: 'kpis', key: 'nav.kpis', roles: ['lead', 'admin'] },
  { screen: 'leaderboard', key: 'nav.leaderboard', roles: ['lead', 'admin'] },
  { screen: 'exports', key: 'nav.exports', roles: ['lead', 'admin', 'manager'] },
  { screen: 'admin', key: 'nav.admin', roles: ['lead', 'admin'] },
  { screen: 'integrations', key: 'nav.integrations', roles: ['admin'] },
];

function Screen({ route, me }: { route: Route; me: Me }) {
  switch (route.screen) {
    case 'team':
      return me.role === 'manager' ? <ManagerHome me={me} /> : <TeamNow filter={route.filter} />;
    case 'day':
      return <ManagerDay userId={route.userId} date={route.date} />;
    case 'week':
      return <Week userId={route.userId} date={route.date} />;
    case 'inbox':
      return <Inbox />;
    case 'kpis':
      return <Kpis me={me} />;
    case 'leaderboard':
      return <LeaderboardScreen />;
    case 'admin':
      return <Admin me={me} tab={route.tab} />;
    case 'integrations':
      return me.role === 'admin' ? <Integrations tab={route.tab} /> : null;
    case 'exports':
      return <Exports me={me} />;
    case 'account':
      return <Account />;
    case 'invite':
    case 'setup':
      return null;
  }
}

/** A manager signed in to the dashboard sees their own week (their day is in the agent). */
function ManagerHome({ me }: { me: Me }) {
  return <Week userId={me.id} date={new Date().toISOString().slice(0, 10)} />;
}

function Header({ me, route }: { me: Me; route: Route }) {
  const i18n = useI18n();
  const signOut = useSession((s) => s.signOut);
  return (
    <header className="top">
      <a className="brand" href="#/">
        Zvit {me.orgName === null ? <span className="org">{i18n.t('org.unnamed')}</span> : <span className="org" data-verbatim title={me.orgName}>{me.orgName}</span>}
      </a>
      <nav aria-label={i18n.t('nav.label')}>
        <ul>
          {NAV.filter((n) => n.roles.includes(me.role)).map((n) => (
            <li key={n.screen}>
              <a href={hrefOf({ screen: n.screen } as Route)} aria-current={route.screen === n.screen ? 'page' : undefined}>
                {i18n.t(n.key)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="account">
        <LanguagePicker />
        <a href="#/account" aria-current={route.screen === 'account' ? 'page' : undefined} title={me.email} data-verbatim>
          {me.name}
        </a>
        <button type="button" className="link" onClick={() => void signOut()}>
          {i18n.t('app.signOut')}
        </button>
      </div>
    </header>
  );
}

export function App() {
  const i18n = useI18n();
  const { status, session } = useSession();
  const route = useRoute((s) => s.route);
  let body;
  const loading = <p className="loading" role="status">{i18n.t('app.loading')}</p>;
  if (route.screen === 'invite') body = <Invite token={route.token} />;
  else if (route.screen === 'setup') body = <Setup token={route.token} />;
  else if (status === 'loading') body = loading;
  else if (status === 'signed_out' || !session) body = <SignIn />;
  else
    body = (
      <>
        <Header me={session.user} route={route} />
        <main id="main">
          <Screen route={route} me={session.user} />
        </main>
      </>
    );
  return <I18nProvider value={i18n}>{body}</I18nProvider>;
}
