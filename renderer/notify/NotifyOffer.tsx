// The one-time offer to turn notifications on, in the popover while the browser has not been asked.
import { Bell } from 'lucide-react';
import { useI18n } from '../i18n/use-i18n.ts';
import { useNotifyPermission } from './permission.ts';

export function NotifyOffer() {
  const i18n = useI18n();
  const { permission, declined, request, decline } = useNotifyPermission();
  if (permission !== 'default' || declined) return null;
  return (
    <div className="offer" data-testid="notify-offer">
      <Bell className="icon" aria-hidden="true" />
      <div className="offer-body">
        <strong id="notify-offer-title">{i18n.t('notify.offer')}</strong>
        <span className="hint">{i18n.t('notify.offerHint')}</span>
        <div className="offer-actions">
          <button type="button" className="small-button" aria-describedby="notify-offer-title" onClick={() => void request()}>
            {i18n.t('notify.enable')}
          </button>
          <button type="button" className="small-button ghost" onClick={decline}>
            {i18n.t('notify.later')}
          </button>
        </div>
      </div>
    </div>
  );
}
