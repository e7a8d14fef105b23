// The desktop app's own settings, changed from the tray menu: start at login (on unless turned
// off) and the global shortcut for clock in / break. Kept in desktop.json in the data folder.
import fs from 'node:fs';
import path from 'node:path';
import { app, globalShortcut } from 'electron';
import { z } from 'zod';
import { SHORTCUT_CHOICES } from './tray.ts';

const SettingsSchema = z.object({
  openAtLogin: z.boolean().default(true),
  shortcut: z.enum(SHORTCUT_CHOICES).nullable().default(SHORTCUT_CHOICES[0]),
  /** macOS: the two permissions were explained once (the OS remembers the answers). */
  macPermissionsExplained: z.boolean().default(false),
});
export type DesktopSettings = z.infer<typeof SettingsSchema>;

export class DesktopSettingsFile {
  readonly file: string;
  private value: DesktopSettings;

  constructor(dataDir: string, log: (message: string) => void) {
    this.file = path.join(dataDir, 'desktop.json');
    let raw: unknown = {};
    try {
      raw = JSON.parse(fs.readFileSync(this.file, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log(`settings: ${this.file} unreadable (${(error as Error).message}); using the defaults`);
    }
    const parsed = SettingsSchema.safeParse(raw);
    this.value = parsed.success ? parsed.data : SettingsSchema.parse({});
  }

  get current(): DesktopSettings {
    return this.value;
  }

  save(change: Partial<DesktopSettings>): DesktopSettings {
    this.value = SettingsSchema.parse({ ...this.value, ...change });
    fs.writeFileSync(this.file, JSON.stringify(this.value, null, 2) + '\n');
    return this.value;
  }
}

/**
 * Registers the app with the OS to start at sign-in, hidden in the tray. Only for the installed
 * app: a development run would register the bare Electron binary.
 */
export function applyLoginItem(openAtLogin: boolean, log: (message: string) => void): void {
  if (!app.isPackaged) return;
  try {
    app.setLoginItemSettings({ openAtLogin, args: ['--hidden'] });
  } catch (error) {
    log(`settings: start at login not changed: ${(error as Error).message}`);
  }
}

/** Registers the shortcut; false when another program holds it. */
export function applyShortcut(accelerator: string | null, run: () => void, log: (message: string) => void): boolean {
  globalShortcut.unregisterAll();
  if (!accelerator) return true;
  try {
    const ok = globalShortcut.register(accelerator, run);
    if (!ok) log(`settings: the shortcut ${accelerator} is taken by another program`);
    return ok;
  } catch (error) {
    log(`settings: shortcut ${accelerator} refused: ${(error as Error).message}`);
    return false;
  }
}
