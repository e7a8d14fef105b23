// What the agent asks of the manager now (plan, report, a decision about time away), each with
// the button that opens it. A live region, so a new prompt is announced.
import type { Prompt } from '../../shared/api.ts';
import { useI18n, type I18n } from '../i18n/use-i18n.ts';
import { useAgent } from '../stores/agent.ts';
import { useNav } from '../stores/nav.ts';
import { useIdleDialog } from './idle-dialog-state.ts';

function promptText(i18n: I18n, prompt: Prompt): string {
  switch (prompt.kind) {
    case 'plan':
      return i18n.t('prompt.plan');
    case 'report':
      return prompt.overdue ? i18n.t('prompt.reportOverdue', { date: i18n.date(prompt.date, false) }) : i18n.t('prompt.report');
    case 'idle':
      return i18n.t('prompt.idle', { duration: i18n.duration(prompt.end - prompt.start) });
  }
}

export function PromptBanner() {
  const i18n = useI18n();
  const prompts = useAgent((s) => s.prompts);
  const go = useNav((s) => s.go);
  const reopenIdle = useIdleDialog((s) => s.reopen);
  const open = (prompt: Prompt) => {
    if (prompt.kind === 'idle') return reopenIdle();
    if (prompt.kind === 'plan') go('plan');
    else go('report', prompt.overdue ? prompt.date : null);
    // The keyboard user lands where they were sent, not back in the popover.
    document.getElementById('main')?.focus();
  };
  return (
    <div className="prompts" role="status" aria-live="polite">
      {prompts.map((prompt) => (
        <div className={`prompt prompt-${prompt.kind}`} key={prompt.kind === 'idle' ? prompt.gapId : `${prompt.kind}-${prompt.date}`} data-testid={`prompt-${prompt.kind}`}>
          <span>{promptText(i18n, prompt)}</span>
          <button type="button" className="small-button" onClick={() => open(prompt)}>
            {i18n.t('prompt.open')}
          </button>
        </div>
      ))}
    </div>
  );
}
