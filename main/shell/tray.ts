// The tray: its icon and tooltip say the state and today's time at a glance; its menu does the
// day's commands without opening a window. trayView() decides everything (pure, tested per
// state); ShellTray only hands it to Electron.
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import type { AgentStatus, Prompt } from '../../shared/api.ts';
import type { DesktopScreen } from '../../shared/desktop.ts';
import type { PlanItem } from '../../shared/plan.ts';
import type { UpdateState } from '../update/controller.ts';
import { iconVariant, renderTrayIcon, traySizes, type TrayIconSpec } from './icons.ts';
import { duration, shellText, stateName, type ShellLocale } from './text.ts';

export const SHORTCUT_CHOICES = ['CommandOrControl+Alt+Z', 'CommandOrControl+Shift+Z', 'CommandOrControl+Alt+W'] as const;
export const TASK_LABEL_PREFIX = 'task:';

export type TrayAction =
  | { kind: 'clockIn' | 'startBreak' | 'resume' | 'clockOut' | 'installUpdate' | 'quit' }
  | { kind: 'label'; label: string | null }
  | { kind: 'open'; screen: DesktopScreen }
  | { kind: 'private'; on: boolean }
  | { kind: 'openAtLogin'; on: boolean }
  | { kind: 'shortcut'; accelerator: string | null };

export interface TrayItem {
  id: string;
  label?: string;
  type?: 'normal' | 'separator' | 'checkbox' | 'radio' | 'submenu';
  checked?: boolean;
  enabled?: boolean;
  action?: TrayAction;
  submenu?: TrayItem[];
}

export interface TrayInput {
  status: AgentStatus;
  prompts: Prompt[];
  /** Today's plan items, for "Working on…". */
  planItems: PlanItem[];
  locale: ShellLocale;
  update: UpdateState;
  openAtLogin: boolean;
  shortcut: string | null;
  /** Set when the shortcut could not be registered (another program has it). */
  shortcutTaken: boolean;
}

export interface TrayView {
  icon: TrayIconSpec['state'];
  syncProblem: boolean;
  tooltip: string;
  items: TrayItem[];
}

/** A key combination as people read it on this platform. */
export function readableShortcut(accelerator: string, platform: NodeJS.Platform = process.platform): string {
  return accelerator.replace('CommandOrControl', platform === 'darwin' ? 'Cmd' : 'Ctrl');
}

export function trayView(input: TrayInput, platform: NodeJS.Platform = process.platform): TrayView {
  const { status, locale } = input;
  const t = (key: Parameters<typeof shellText>[1], vars?: Record<string, string | number>) => shellText(locale, key, vars);
  const state = status.state;
  const today = duration(locale, status.today.workedMs);
  const sync = status.sync;
  const syncProblem = sync.enrolled && sync.lastError !== null;
  const tooltip = [
    `Zvit — ${stateName(locale, state)}`,
    t('tooltip.today', { duration: today }),
    ...(syncProblem ? [t('tooltip.sync', { error: sync.lastError! })] : sync.waiting > 0 && sync.enrolled ? [t('tooltip.waiting', { n: sync.waiting })] : []),
  ].join('\n');

  const items: TrayItem[] = [{ id: 'state', label: `${stateName(locale, state)} · ${today}`, enabled: false }];
  if (state === 'clocked_out') items.push({ id: 'clockIn', label: t('tray.clockIn'), action: { kind: 'clockIn' } });
  if (state === 'working' || state === 'paused') items.push({ id: 'startBreak', label: t('tray.break'), action: { kind: 'startBreak' } });
  if (state === 'break') items.push({ id: 'resume', label: t('tray.resume'), action: { kind: 'resume' } });
  if (state !== 'clocked_out') {
    items.push({ id: 'clockOut', label: t('tray.clockOut'), action: { kind: 'clockOut' } });
    const label = status.label;
    const choice = (id: string, text: string, value: string | null): TrayItem => ({ id, label: text, type: 'radio', checked: label === value, action: { kind: 'label', label: value } });
    items.push({
      id: 'workingOn',
      label: t('tray.workingOn'),
      type: 'submenu',
      submenu: [
        choice('label-none', t('tray.nothing'), null),
        ...input.planItems.map((item) => choice(`label-task-${item.id}`, t('tray.task', { title: item.title }), `${TASK_LABEL_PREFIX}${item.id}`)),
        choice('label-call', t('tray.call'), 'call'),
        choice('label-meeting', t('tray.meeting'), 'meeting'),
        choice('label-offline', t('tray.offline'), 'offline'),
      ],
    });
  }
  items.push({ id: 'sep-1', type: 'separator' });
  for (const prompt of input.prompts) {
    if (prompt.kind === 'plan') items.push({ id: 'prompt-plan', label: t('tray.plan'), action: { kind: 'open', screen: 'plan' } });
    if (prompt.kind === 'report') items.push({ id: 'prompt-report', label: t('tray.report'), action: { kind: 'open', screen: 'report' } });
  }
  items.push({ id: 'open', label: t('tray.open'), action: { kind: 'open', screen: 'day' } });
  items.push({ id: 'myDay', label: t('tray.myDay'), action: { kind: 'open', screen: 'day' } });
  items.push({ id: 'sep-2', type: 'separator' });
  items.push({ id: 'private', label: t('tray.private'), type: 'checkbox', checked: status.private.on, action: { kind: 'private', on: !status.private.on } });
  items.push({ id: 'openAtLogin', label: t('tray.startAtLogin'), type: 'checkbox', checked: input.openAtLogin, action: { kind: 'openAtLogin', on: !input.openAtLogin } });
  items.push({
    id: 'shortcut',
    label: input.shortcutTaken && input.shortcut ? t('tray.shortcutTaken', { key: readableShortcut(input.shortcut, platform) }) : t('tray.shortcut'),
    type: 'submenu',
    submenu: [
      ...SHORTCUT_CHOICES.map((accelerator) => ({ id: `shortcut-${accelerator}`, label: readableShortcut(accelerator, platform), type: 'radio' as const, checked: input.shortcut === accelerator, action: { kind: 'shortcut' as const, accelerator } })),
      { id: 'shortcut-off', label: t('tray.shortcutOff'), type: 'radio', checked: input.shortcut === null, action: { kind: 'shortcut', accelerator: null } },
    ],
  });
  if (input.update.phase === 'ready' && input.update.version) {
    items.push({ id: 'sep-3', type: 'separator' });
    items.push({ id: 'installUpdate', label: t('tray.update', { version: input.update.version }), action: { kind: 'installUpdate' } });
  }
  items.push({ id: 'sep-4', type: 'separator' });
  items.push({ id: 'quit', label: t('tray.quit'), action: { kind: 'quit' } });
  return { icon: state, syncProblem, tooltip, items };
}

/** The icon for a view, with a 1x and a 2x representation. */
export function trayImage(view: Pick<TrayView, 'icon' | 'syncProblem'>, platform: NodeJS.Platform, dark: boolean): NativeImage {
  const variant = iconVariant(platform, dark);
  const [one, two] = traySizes(platform);
  const spec = { state: view.icon, syncProblem: view.syncProblem, variant };
  const image = nativeImage.createFromBuffer(renderTrayIcon(spec, one), { scaleFactor: 1 });
  image.addRepresentation({ scaleFactor: 2, buffer: renderTrayIcon(spec, two) });
  // macOS draws template images itself, white or black to match the menu bar.
  if (variant === 'template') image.setTemplateImage(true);
  return image;
}

export class ShellTray {
  readonly tray: Tray;
  private view: TrayView | null = null;
  private readonly onAction: (action: TrayAction) => void;

  constructor(onAction: (action: TrayAction) => void, onClick: () => void) {
    this.onAction = onAction;
    this.tray = new Tray(trayImage({ icon: 'clocked_out', syncProblem: false }, process.platform, false));
    // Windows and Linux: a click opens the popover, the right click the menu. macOS shows the
    // menu on any click, as its tray apps do.
    if (process.platform !== 'darwin') this.tray.on('click', onClick);
  }

  get current(): TrayView | null {
    return this.view;
  }

  show(view: TrayView, dark: boolean): void {
    const previous = this.view;
    this.view = view;
    if (!previous || previous.icon !== view.icon || previous.syncProblem !== view.syncProblem) this.tray.setImage(trayImage(view, process.platform, dark));
    this.tray.setToolTip(view.tooltip);
    this.tray.setContextMenu(Menu.buildFromTemplate(view.items.map((item) => this.toMenu(item))));
  }

  /** Runs a menu item's action by its id, as a click would (tests, and the e2e hooks). */
  click(id: string): boolean {
    const find = (items: TrayItem[]): TrayItem | undefined => items.map((i) => (i.id === id ? i : i.submenu && find(i.submenu))).find(Boolean);
    const item = this.view && find(this.view.items);
    if (!item?.action || item.enabled === false) return false;
    this.onAction(item.action);
    return true;
  }

  destroy(): void {
    this.tray.destroy();
  }

  private toMenu(item: TrayItem): MenuItemConstructorOptions {
    return {
      id: item.id,
      ...(item.label !== undefined ? { label: item.label } : {}),
      type: item.type ?? 'normal',
      ...(item.checked !== undefined ? { checked: item.checked } : {}),
      ...(item.enabled !== undefined ? { enabled: item.enabled } : {}),
      ...(item.action ? { click: () => this.onAction(item.action!) } : {}),
      ...(item.submenu ? { submenu: item.submenu.map((i) => this.toMenu(i)) } : {}),
    };
  }
}
