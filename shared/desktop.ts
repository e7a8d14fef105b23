// What the desktop app's preload exposes to the renderer, derived from the one contract
// (api.ts): one named function per agent method, and the few calls only a desktop window has.
// Kept free of zod at run time: the sandboxed preload bundles this file, and needs only names.
import type { AgentMethod, ApiInput, ApiOutput } from './api.ts';

/** Every method of `agentApi`, in its order. api.ts checks at compile time that none is missing. */
export const AGENT_METHODS = [
  'status',
  'clockIn',
  'startBreak',
  'resume',
  'clockOut',
  'setLabel',
  'setPrivate',
  'resolveIdle',
  'systemEvent',
  'dismissNotice',
  'day',
  'prompts',
  'standing',
  'snoozePlan',
  'getPlan',
  'savePlan',
  'getReport',
  'submitReport',
  'getSettings',
  'saveSettings',
  'saveDraft',
  'getDraft',
  'discardDraft',
  'rawRecords',
  'enroll',
  'syncNow',
  'refusedRecords',
  'retryRefused',
  'export',
] as const satisfies readonly AgentMethod[];

/** The IPC channel of an agent method. */
export const agentChannel = (method: AgentMethod) => `zvit:${method}`;

/** Where a desktop window can be sent: a screen of the main window, or the idle question. */
export const DESKTOP_SCREENS = ['day', 'plan', 'report', 'settings', 'idle'] as const;
export type DesktopScreen = (typeof DESKTOP_SCREENS)[number];

export interface OpenRequest {
  screen: DesktopScreen;
  /** The report's day when it is not today's. */
  date?: string | null;
}

export const DESKTOP_CHANNELS = {
  /** renderer → main: show the main window at a screen (the tray popover's buttons). */
  openMain: 'zvit-desktop:openMain',
  /** main → renderer: status or prompts may have changed. */
  changed: 'zvit-desktop:changed',
  /** main → renderer: go to a screen (a notification was clicked). */
  open: 'zvit-desktop:open',
} as const;

/** One IPC answer: a result, or the contract's error body with its HTTP-like status. */
export type IpcReply<T> = { ok: true; result: T } | { ok: false; error: { code: string; message: string; details?: unknown; status: number } };

/** `window.zvit` in a desktop window. */
export type ZvitBridge = { [M in AgentMethod]: (input: ApiInput<M>) => Promise<ApiOutput<M>> } & {
  desktop: { openMain(request: OpenRequest): Promise<void> };
  /** Calls `listener` when status or prompts may have changed; returns an unsubscribe. */
  onChange(listener: () => void): () => void;
  /** Calls `listener` when the app wants this window at a screen; returns an unsubscribe. */
  onOpen(listener: (request: OpenRequest) => void): () => void;
};
