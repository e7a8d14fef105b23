// What the agent asks of the manager now (plan, report, a returned report, a decision about time
// away), each with the button that opens it. A live region, so a new prompt is announced.
import { ClipboardList, Clock3, FileText, MessageSquareWarning } from 'lucide-react';
import type { Prompt } from '../../shared/api.ts';
import { useI18n } from '../i18n/use-i18n.ts';
import { useAgent } from '../stores/agent.ts';
import { openPrompt, promptKey, promptText } from './prompts.ts';

function PromptIcon({ prompt }: { prompt: Prompt }) {
  const Icon = prompt.kind === 'idle' ? Clock3 : prompt.kind === 'plan' ? ClipboardList : prompt.returned ? MessageSquareWarning : FileText;
  return <Icon className="icon" aria-hidden="true" />;
}

export function PromptBanner() {
  const i18n = useI18n();
  const prompts = useAgent((s) => s.prompts);
  const today = useAgent((s) => s.status?.today.date);
  return (
    <div className="prompts" role="status" aria-live="polite">
      {prompts.map((prompt) => (
        <div
          className={`prompt prompt-${prompt.kind}${prompt.kind === 'report' && prompt.returned ? ' prompt-returned' : ''}`}
          key={promptKey(prompt)}
          data-testid={`prompt-${prompt.kind}`}
          data-returned={prompt.kind === 'report' && prompt.returned ? 'true' : undefined}
        >
          <PromptIcon prompt={prompt} />
          <span className="prompt-text">{promptText(i18n, prompt)}</span>
          <button type="button" className="small-button" onClick={() => openPrompt(prompt, today)}>
            {i18n.t('prompt.open')}
          </button>
        </div>
      ))}
    </div>
  );
}
