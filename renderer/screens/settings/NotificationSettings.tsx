// Whether Zvit may notify the manager outside its window, and how to change it.
import { Bell, BellOff } from 'lucide-react';
import { useEffect } from 'react';
import { useI18n } from '../../i18n/use-i18n.ts';
import { useNotifyPermission } from '../../notify/permission.ts';

export function NotificationSettings() {
  const i18n = useI18n();
  const { permission, refresh, request, undecline } = useNotifyPermission();
  // The manager may have changed it in the browser's own settings meanwhile.
  useEffect(refresh, [refresh]);
  return (
    <section className="section" aria-labelledby="notify-heading" data-testid="notify-settings">
      <h3 id="notify-heading">{i18n.t('settings.notifications')}</h3>
      {permission === 'granted' && (
        <p className="with-icon">
          <Bell className="icon" aria-hidden="true" />
          <span>{i18n.t('settings.notifyOn')}</span>
        </p>
      )}
      {permission === 'default' && (
        <div className="row tight">
          <span className="with-icon muted">
            <BellOff className="icon" aria-hidden="true" />
            {i18n.t('settings.notifyOff')}
          </span>
          <button
            type="button"
            onClick={() => {
              undecline();
              void request();
            }}
          >
            {i18n.t('settings.notifyEnable')}
          </button>
        </div>
      )}
      {permission === 'denied' && <p className="muted">{i18n.t('settings.notifyBlocked')}</p>}
      {permission === 'unsupported' && <p className="muted">{i18n.t('settings.notifyUnsupported')}</p>}
    </section>
  );
}
