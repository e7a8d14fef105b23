// The admin's connections to other systems, one tab each: the CRM (credentials, what to send,
// the test, people linked to CRM users), dead letters, outgoing webhooks, API tokens and the CSV
// import of KPI actuals. Every tab has its own address (#/integrations/<tab>).
import { useI18n } from '../../i18n/use-i18n.ts';
import { hrefOf } from '../../stores/route.ts';
import { ApiTokens } from './ApiTokens.tsx';
import { CrmScreen } from './CrmScreen.tsx';
import { CsvImport } from './CsvImport.tsx';
import { DeadLetters } from './DeadLetters.tsx';
import { Webhooks } from './Webhooks.tsx';
import './integrations.css';

export const INTEGRATION_TABS = ['crm', 'dead', 'webhooks', 'tokens', 'csv'] as const;
type Tab = (typeof INTEGRATION_TABS)[number];

export function Integrations({ tab: raw }: { tab?: string | undefined }) {
  const i18n = useI18n();
  const tab: Tab = (INTEGRATION_TABS as readonly string[]).includes(raw ?? '') ? (raw as Tab) : 'crm';
  return (
    <section>
      <h1>{i18n.t('integ.title')}</h1>
      <nav className="tabs" aria-label={i18n.t('integ.sections')}>
        {INTEGRATION_TABS.map((t) => (
          <a key={t} href={hrefOf({ screen: 'integrations', tab: t })} aria-current={tab === t ? 'page' : undefined}>
            {i18n.t(`integ.tab.${t}`)}
          </a>
        ))}
      </nav>
      {tab === 'crm' && <CrmScreen />}
      {tab === 'dead' && <DeadLetters />}
      {tab === 'webhooks' && <Webhooks />}
      {tab === 'tokens' && <ApiTokens />}
      {tab === 'csv' && <CsvImport />}
    </section>
  );
}
