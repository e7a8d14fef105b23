// What the browser tab says while it sits behind other windows: the state and the ticking time in
// its title (as Toggl does), the number of things waiting for the manager in front, and a favicon
// coloured by the state with a dot when something waits. Pure, so it is tested without a browser.
import type { AgentStatus, Prompt } from '../../shared/api.ts';
import { formatClock } from '../../shared/i18n/format.ts';
import type { I18n } from '../i18n/use-i18n.ts';

export const PRODUCT_NAME = 'Zvit';

export function tabTitle(i18n: I18n, status: AgentStatus | null, prompts: readonly Prompt[], workedMs: number): string {
  if (!status) return PRODUCT_NAME;
  const waiting = prompts.length > 0 ? `(${prompts.length}) ` : '';
  const state = i18n.t(`state.${status.state}`);
  if (status.state === 'clocked_out') return `${waiting}${state} — ${PRODUCT_NAME}`;
  return `${waiting}${formatClock(workedMs)} · ${state} — ${PRODUCT_NAME}`;
}

/** The favicon's tile colour per state, as a CSS custom property of the palette. */
export const FAVICON_TOKEN: Record<AgentStatus['state'], string> = {
  working: '--state-work',
  break: '--state-break',
  paused: '--state-paused',
  clocked_out: '--muted',
};
export const BADGE_TOKEN = '--bad';
