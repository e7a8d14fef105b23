// The tray per state, with `electron` mocked: the icon, the tooltip and the menu a person sees.
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../test/electron-stand-in.ts'));

import type { AgentStatus, Prompt, SyncStatus } from '../../shared/api.ts';
import type { WorkStatus } from '../../shared/worktime.ts';
import { standIn, type NativeImage } from '../../test/electron-stand-in.ts';
import { renderTrayIcon } from './icons.ts';
import { shellText } from './text.ts';
import { ShellTray, trayView, type TrayAction, type TrayInput, type TrayItem } from './tray.ts';

const sync: SyncStatus = { enrolled: true, hubUrl: 'https://hub.example.com', user: 'olena@example.com', waiting: 0, refused: 0, lastSuccessAt: 1, lastError: null, lastErrorCode: null, nextAttemptAt: null, clockOffsetMs: 0, tokenStore: { kind: 'os-keychain', location: null } };

function input(state: WorkStatus, extra: Partial<TrayInput> = {}, statusExtra: Partial<AgentStatus> = {}): TrayInput {
  return {
    status: { state, since: 0, pauseReason: null, label: null, private: { on: false, countsAsWork: true }, now: 0, zone: 'Europe/Kyiv', today: { date: '2026-03-02', workedMs: (3 * 60 + 12) * 60_000, breakMs: 0, idlePendingMs: 0 }, pendingIdle: [], current: null, tracking: { windows: null, idle: null, problems: [] }, policy: { idleThresholdSec: 300, titles: 'full', error: null }, notices: [], dataFile: '', deviceId: '', sync, ...statusExtra } as AgentStatus,
    prompts: [],
    planItems: [],
    locale: 'uk',
    update: { phase: 'idle', version: null, rollback: false, error: null, checkedAt: null },
    openAtLogin: true,
    shortcut: 'CommandOrControl+Alt+Z',
    shortcutTaken: false,
    ...extra,
  };
}
const ids = (items: TrayItem[]) => items.map((i) => i.id).filter((id) => !id.startsWith('sep'));
const commands = ['clockIn', 'startBreak', 'resume', 'clockOut'];

describe('the tray menu and icon by state', () => {
  it.each([
    ['clocked_out', ['clockIn']],
    ['working', ['startBreak', 'clockOut']],
    ['break', ['resume', 'clockOut']],
    ['paused', ['startBreak', 'clockOut']],
  ] as const)('%s offers %j', (state, expected) => {
    const view = trayView(input(state), 'win32');
    expect(view.icon).toBe(state);
    expect(ids(view.items).filter((id) => commands.includes(id))).toEqual(expected);
    expect(ids(view.items).includes('workingOn')).toBe(state !== 'clocked_out');
    expect(view.tooltip.split('\n')).toEqual([`Zvit — ${shellText('uk', `state.${state}`)}`, 'Сьогодні: 3 год 12 хв']);
    expect(ids(view.items).slice(-6)).toEqual(['open', 'myDay', 'private', 'openAtLogin', 'shortcut', 'quit']);
  });

  it('speaks the UI language', () => {
    expect(trayView(input('clocked_out', { locale: 'ru' }), 'linux').items.find((i) => i.id === 'clockIn')!.label).toBe('Начать работу');
    expect(trayView(input('clocked_out', { locale: 'en' }), 'linux').items.find((i) => i.id === 'clockIn')!.label).toBe('Clock in');
  });

  it('badges a sync problem and says it in the tooltip', () => {
    const view = trayView(input('working', {}, { sync: { ...sync, lastError: 'Could not reach the hub', lastErrorCode: 'network' } }), 'win32');
    expect(view.syncProblem).toBe(true);
    expect(view.tooltip).toContain('Проблема синхронізації: Could not reach the hub');
    const waiting = trayView(input('working', {}, { sync: { ...sync, waiting: 12 } }), 'win32');
    expect(waiting.syncProblem).toBe(false);
    expect(waiting.tooltip).toContain('Чекають синхронізації: 12');
  });

  it('lists what is asked now, today\'s tasks under "Working on…", an update ready, a taken shortcut', () => {
    const prompts: Prompt[] = [{ kind: 'plan', date: '2026-03-02', snoozesLeft: 2 }];
    const view = trayView(
      input('working', { prompts, planItems: [{ id: 'p1', title: 'Передзвонити', crm: null, priority: 2, estimateMin: 30, carriedFrom: null }], update: { phase: 'ready', version: '1.3.0', rollback: false, error: null, checkedAt: 1 }, shortcutTaken: true }, { label: 'task:p1' }),
      'win32',
    );
    expect(view.items.find((i) => i.id === 'prompt-plan')!.action).toEqual({ kind: 'open', screen: 'plan' });
    const workingOn = view.items.find((i) => i.id === 'workingOn')!.submenu!;
    expect(workingOn.find((i) => i.checked)).toMatchObject({ label: 'Завдання: Передзвонити', action: { kind: 'label', label: 'task:p1' } });
    expect(view.items.find((i) => i.id === 'installUpdate')!.label).toBe('Перезапустити й оновити до 1.3.0');
    expect(view.items.find((i) => i.id === 'shortcut')!.label).toBe('Ctrl+Alt+Z зайняті іншою програмою');
    expect(trayView(input('working'), 'darwin').items.find((i) => i.id === 'shortcut')!.submenu![0]!.label).toBe('Cmd+Alt+Z');
  });

  it('ShellTray draws the icon for the state and runs the clicked item', () => {
    standIn.reset();
    const actions: TrayAction[] = [];
    const tray = new ShellTray((a) => actions.push(a), () => {});
    tray.show(trayView(input('working', {}, { sync: { ...sync, lastError: 'x' } }), process.platform), false);
    const native = standIn.trays[0]!;
    const image = native.image as unknown as NativeImage;
    const variant = process.platform === 'darwin' ? 'template' : 'light';
    const size = process.platform === 'darwin' ? 18 : 16;
    expect(image.buffer.equals(renderTrayIcon({ state: 'working', syncProblem: true, variant }, size))).toBe(true);
    expect(image.representations[0]!.buffer.equals(renderTrayIcon({ state: 'working', syncProblem: true, variant }, size * 2))).toBe(true);
    native.clickItem('startBreak');
    native.clickItem('label-call');
    expect(actions).toEqual([{ kind: 'startBreak' }, { kind: 'label', label: 'call' }]);
    expect(() => native.clickItem('state')).toThrow(/disabled/);
  });

  it('draws a different picture for every state, with and without the badge, light and dark', () => {
    const seen = new Set<string>();
    for (const state of ['working', 'break', 'paused', 'clocked_out'] as const)
      for (const syncProblem of [false, true]) for (const variant of ['light', 'dark', 'template'] as const) seen.add(renderTrayIcon({ state, syncProblem, variant }, 16).toString('base64'));
    expect(seen.size).toBe(24);
  });
});
