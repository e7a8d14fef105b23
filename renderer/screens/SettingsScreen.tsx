// Settings: language, schedule, and the privacy view.
import { useEffect, useState } from 'react';
import type { Settings } from '../../shared/api.ts';
import { useAction } from '../hooks/use-action.ts';
import { useI18n } from '../i18n/use-i18n.ts';
import { call } from '../transport/current.ts';
import { LanguagePicker } from './settings/LanguagePicker.tsx';
import { NotificationSettings } from './settings/NotificationSettings.tsx';
import { PrivacyView } from './settings/PrivacyView.tsx';
import { ScheduleForm } from './settings/ScheduleForm.tsx';

export function SettingsScreen() {
  const i18n = useI18n();
  const [settings, setSettings] = useState<Settings | null>(null);
  const { error, run } = useAction();
  useEffect(() => {
    void run(async () => setSettings(await call('getSettings', {})));
  }, [run]);
  return (
    <div className="screen" aria-labelledby="settings-heading">
      <h2 id="settings-heading">{i18n.t('settings.heading')}</h2>
      {error && <p className="error">{error}</p>}
      <LanguagePicker />
      {settings && <ScheduleForm settings={settings} onSaved={setSettings} />}
      <NotificationSettings />
      <PrivacyView />
    </div>
  );
}
