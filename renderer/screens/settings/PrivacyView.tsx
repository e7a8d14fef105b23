// What is recorded, in plain words, with the day's raw records one click away: the manager can
// check for themselves that it is only what this page says.
import { EyeOff, ShieldCheck } from 'lucide-react';
import { useState, type ReactNode } from 'react';
import type { RawRecords, TokenStore } from '../../../shared/api.ts';
import { useAction } from '../../hooks/use-action.ts';
import { useI18n, type I18n } from '../../i18n/use-i18n.ts';
import { useAgent } from '../../stores/agent.ts';
import { usePlan } from '../../stores/plan.ts';
import { call } from '../../transport/current.ts';
import { RawRecordsTables } from './RawRecordsTables.tsx';

function tokenStoreText(i18n: I18n, store: TokenStore): ReactNode {
  switch (store.kind) {
    case 'none':
      return i18n.t('privacy.tokenNone');
    case 'file':
      return (
        <>
          {i18n.t('privacy.tokenFile')} <code>{store.location}</code>
        </>
      );
    case 'os-keychain':
      return i18n.t('privacy.tokenKeychain');
    case 'obscured':
      return (
        <>
          {i18n.t('privacy.tokenObscured')} <code>{store.location}</code>
        </>
      );
    case 'memory':
      return i18n.t('privacy.tokenMemory');
  }
}

export function PrivacyView() {
  const i18n = useI18n();
  const status = useAgent((s) => s.status);
  const apply = useAgent((s) => s.apply);
  const tasks = usePlan((s) => s.view?.plan?.items);
  // Fetched on each "show", so the tables are what is stored at that moment.
  const [raw, setRaw] = useState<RawRecords | null>(null);
  const [open, setOpen] = useState(false);
  const records = useAction();
  const privacy = useAction();
  if (!status) return null;
  const titles = raw?.titles ?? status.policy.titles;
  const clockedIn = status.state !== 'clocked_out';
  return (
    <section className="section" aria-labelledby="privacy-heading">
      <h3 id="privacy-heading">{i18n.t('privacy.heading')}</h3>
      <h4>{i18n.t('privacy.recorded')}</h4>
      <ul className="plain checks" data-testid="privacy-recorded">
        <li>{i18n.t('privacy.time')}</li>
        <li>{i18n.t('privacy.apps')}</li>
        <li data-testid="privacy-titles">{i18n.t(`privacy.titles.${titles}`)}</li>
        <li>{i18n.t('privacy.domains')}</li>
      </ul>
      <p className="note with-icon">
        <ShieldCheck className="icon" aria-hidden="true" />
        <span>{i18n.t('privacy.never')}</span>
      </p>
      <dl className="facts">
        <div>
          <dt>{i18n.t('privacy.private')}</dt>
          <dd>
            {/* Offered only when it can be done: private mode needs a working session. */}
            {clockedIn ? (
              <button
                type="button"
                aria-pressed={status.private.on}
                disabled={privacy.busy}
                onClick={() => void privacy.run(async () => apply(await call('setPrivate', { on: !status.private.on })))}
              >
                <EyeOff className="icon" aria-hidden="true" />
                {status.private.on ? i18n.t('privacy.privateOff') : i18n.t('privacy.privateOn')}
              </button>
            ) : (
              <span className="muted" data-testid="private-unavailable">
                {i18n.t('privacy.privateOnlyClockedIn')}
              </span>
            )}
            {privacy.error && <span className="error"> {privacy.error}</span>}
          </dd>
        </div>
        <div>
          <dt>{i18n.t('privacy.token')}</dt>
          <dd data-testid="token-store">{status.sync.enrolled ? tokenStoreText(i18n, raw?.tokenStore ?? status.sync.tokenStore) : i18n.t('privacy.tokenNone')}</dd>
        </div>
        <div>
          <dt>{i18n.t('privacy.dataFile')}</dt>
          <dd>
            <code>{status.dataFile}</code>
          </dd>
        </div>
      </dl>
      <button
        type="button"
        aria-expanded={open}
        aria-controls="raw-records"
        disabled={records.busy}
        onClick={() => {
          if (open) return setOpen(false);
          void records.run(async () => {
            setRaw(await call('rawRecords', {}));
            setOpen(true);
          });
        }}
      >
        {open ? i18n.t('privacy.hideRaw') : i18n.t('privacy.showRaw')}
      </button>
      {records.error && <p className="error">{records.error}</p>}
      <div id="raw-records">{open && raw && <RawRecordsTables records={raw} zone={status.zone} tasks={tasks ?? []} />}</div>
    </section>
  );
}
