// Settings: one tab per section, each in a file of its own beside this one. A section is its
// words and its view; a new area (the CRM integrations in screens/integrations/) becomes a tab by
// joining SECTIONS.
import type { ReactNode } from 'react';
import type { Me } from '../../../shared/dashboard-api.ts';
import { useI18n } from '../../i18n/use-i18n.ts';
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
      {section.view(me)}
    </section>
  );
}
