// The sync state in one line: not connected, all sent, N waiting, or what went wrong — what the
// manager needs to trust that the day reached the lead. Details live in `zvit sync`.
import { Cloud, CloudAlert, CloudOff, RefreshCw } from 'lucide-react';
import type { SyncStatus } from '../../shared/api.ts';
import { syncErrorText } from '../errors.ts';
import { useAction } from '../hooks/use-action.ts';
import { useI18n, type I18n } from '../i18n/use-i18n.ts';
import { useAgent } from '../stores/agent.ts';
import { call } from '../transport/current.ts';

function describe(i18n: I18n, sync: SyncStatus, zone: string): string {
  if (!sync.enrolled) return i18n.t('sync.notConnected');
  const parts: string[] = [];
  if (sync.waiting > 0) parts.push(i18n.p('plural.waiting', sync.waiting));
  else if (sync.lastSuccessAt !== null) parts.push(i18n.t('sync.synced', { time: i18n.time(sync.lastSuccessAt, zone) }));
  else parts.push(i18n.t('sync.pending'));
  if (sync.refused > 0) parts.push(i18n.t('sync.refused', { n: sync.refused }));
  if (sync.lastError) parts.push(i18n.t('sync.error', { reason: syncErrorText(i18n, sync.lastErrorCode ?? 'internal') }));
  return parts.join(' · ');
}

export function SyncSlot() {
  const i18n = useI18n();
  const status = useAgent((s) => s.status);
  const refresh = useAgent((s) => s.refresh);
  const { busy, error, run } = useAction();
  if (!status) return null;
  const { sync } = status;
  const Icon = !sync.enrolled ? CloudOff : sync.lastError ? CloudAlert : Cloud;
  return (
    <div className="sync small" data-testid="sync">
      <p className="with-icon">
        <Icon className={`icon${sync.lastError ? ' error-text' : ''}`} aria-hidden="true" />
        <span>
          <span className="muted">{i18n.t('popover.sync')}:</span> <span className={sync.lastError ? 'error-text' : undefined}>{describe(i18n, sync, status.zone)}</span>
        </span>
      </p>
      {sync.enrolled && (sync.waiting > 0 || sync.lastError) && (
        <button type="button" className="small-button" disabled={busy} onClick={() => void run(async () => (await call('syncNow', {}), await refresh()))}>
          <RefreshCw className="icon" aria-hidden="true" />
          {i18n.t('sync.now')}
        </button>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
