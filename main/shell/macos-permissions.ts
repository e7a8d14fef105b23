// macOS asks the person before an app may see other apps' windows (Accessibility) and read
// their titles (Screen Recording). Zvit says why, in the UI's language, before macOS asks:
// once, at the first start, before any tracking. Elsewhere there is nothing to ask.
import { dialog, systemPreferences } from 'electron';
import type { DesktopSettingsFile } from './desktop-settings.ts';
import { shellText, type ShellLocale } from './text.ts';

export async function explainMacPermissions(settings: DesktopSettingsFile, locale: ShellLocale, platform: NodeJS.Platform = process.platform): Promise<'not-mac' | 'granted' | 'explained-before' | 'explained'> {
  if (platform !== 'darwin') return 'not-mac';
  const accessibility = systemPreferences.isTrustedAccessibilityClient(false);
  const screen = systemPreferences.getMediaAccessStatus('screen') === 'granted';
  if (accessibility && screen) return 'granted';
  if (settings.current.macPermissionsExplained) return 'explained-before';
  const t = (key: Parameters<typeof shellText>[1]) => shellText(locale, key);
  await dialog.showMessageBox({ type: 'info', title: t('mac.title'), message: t('mac.message'), detail: t('mac.detail'), buttons: [t('mac.continue')] });
  settings.save({ macPermissionsExplained: true });
  // Now macOS asks for Accessibility; it asks for Screen Recording when a title is first read.
  if (!accessibility) systemPreferences.isTrustedAccessibilityClient(true);
  return 'explained';
}
