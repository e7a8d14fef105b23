// What each prompt says and what opening it does, for the popover's banner and for the
// notifications that carry the same prompt outside the window.
import type { Prompt } from '../../shared/api.ts';
import type { I18n } from '../i18n/use-i18n.ts';
import { useNav } from '../stores/nav.ts';
import { useIdleDialog } from './idle-dialog-state.ts';

export function promptText(i18n: I18n, prompt: Prompt): string {
  switch (prompt.kind) {
    case 'plan':
      return i18n.t('prompt.plan');
    case 'report': {
      const date = i18n.date(prompt.date, false);
      if (prompt.returned) return prompt.comment ? i18n.t('prompt.returnedComment', { date, comment: prompt.comment }) : i18n.t('prompt.returned', { date });
      return prompt.overdue ? i18n.t('prompt.reportOverdue', { date }) : i18n.t('prompt.report');
    }
    case 'idle':
      return i18n.t('prompt.idle', { duration: i18n.duration(prompt.end - prompt.start) });
  }
}

/** Identifies a prompt across refreshes (a returned report is a new thing to say). */
export function promptKey(prompt: Prompt): string {
  if (prompt.kind === 'idle') return `idle:${prompt.gapId}`;
  if (prompt.kind === 'report') return `report:${prompt.date}${prompt.returned ? ':returned' : ''}`;
  return `plan:${prompt.date}`;
}

/** Opens what the prompt asks for; the keyboard user lands there, not back in the popover. */
export function openPrompt(prompt: Prompt, today: string | undefined): void {
  if (prompt.kind === 'idle') return useIdleDialog.getState().reopen();
  const { go } = useNav.getState();
  if (prompt.kind === 'plan') go('plan');
  else go('report', prompt.date === today ? null : prompt.date);
  document.getElementById('main')?.focus();
}
