// Settings: one tab per section, each in a file of its own beside this one. A section is its
// words and its view; a new area (the CRM integrations in screens/integrations/) becomes a tab by
// joining SECTIONS.
import { useState, type FormEvent, type ReactNode } from 'react';
import type { Me } from '../../../shared/dashboard-api.ts';
import { call } from '../../api/client.ts';
import { useAction } from '../../components/action.tsx';
import { useI18n } from '../../i18n/use-i18n.ts';
import { useSession } from '../../stores/session.ts';
import type { TextKey } from '../../i18n/types.ts';
import { hrefOf } from '../../stores/route.ts';
import { Codes } from './Codes.tsx';
import { Devices } from './Devices.tsx';
import { Policy } from './policy/Policy.tsx';
import { Teams } from './Teams.tsx';
import { Users } from './Users.tsx';

interface Section {
  tab: string;
  label: TextKey;
  view: (me: Me) => ReactNode;
}

const SECTIONS: readonly Section[] = [
  { tab: 'users', label: 'admin.tab.users', view: (me) => <Users isAdmin={me.role === 'admin'} /> },
  { tab: 'teams', label: 'admin.tab.teams', view: (me) => <Teams isAdmin={me.role === 'admin'} /> },
  { tab: 'codes', label: 'admin.tab.codes', view: () => <Codes /> },
  { tab: 'devices', label: 'admin.tab.devices', view: () => <Devices /> },
  { tab: 'policy', label: 'admin.tab.policy', view: (me) => <Policy me={me} /> },
];

export function Admin({ me, tab }: { me: Me; tab?: string }) {
  const i18n = useI18n();
  const section = SECTIONS.find((s) => s.tab === tab) ?? SECTIONS[0]!;
  return (
    <section>
      <h1>{i18n.t('admin.title')}</h1>
      <nav className="tabs" aria-label={i18n.t('admin.sections')}>
        {SECTIONS.map((s) => (
          <a key={s.tab} href={hrefOf({ screen: 'admin', tab: s.tab })} aria-current={s === section ? 'page' : undefined}>
            {i18n.t(s.label)}
          </a>
        ))}
      </nav>
      {me.role === 'admin' && section.tab === 'teams' && <OrgName />}
      {section.view(me)}
    </section>
  );
}

/** The organization's name beside the product name on every screen; unnamed until an admin names it. */
function OrgName() {
  const i18n = useI18n();
  const session = useSession((s) => s.session)!;
  const [name, setName] = useState(session.user.orgName ?? '');
  const { run, view } = useAction(i18n, { inline: true });
  function save(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      const { orgName } = await call('renameOrg', { body: { name: name.trim() } });
      useSession.setState({ session: { ...session, user: { ...session.user, orgName } } });
    }, i18n.t('app.saved'));
  }
  return (
    <form className="toolbar org-name" onSubmit={save}>
      <label>
        <span>{i18n.t('admin.orgName')}</span>{' '}
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder={i18n.t('org.unnamed')} required maxLength={100} autoComplete="organization" />
      </label>
      <button type="submit">{i18n.t('admin.orgSave')}</button>
      {view}
    </form>
  );
}
