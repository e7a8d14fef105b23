// Each new prompt (the plan, the report, a returned report, time away to decide) is announced
// once outside the window, when the window is not what the manager is looking at.
import { useEffect } from 'react';
import { openPrompt, promptKey, promptText } from '../components/prompts.ts';
import { useI18n } from '../i18n/use-i18n.ts';
import { useAgent } from '../stores/agent.ts';
import { notifier } from './notifier.ts';
import { useNotifyPermission } from './permission.ts';

/** Prompts already announced, kept for this tab's life (a reload does not announce them again). */
const ANNOUNCED = 'zvit.announced';
function announced(): Set<string> {
  try {
    return new Set(JSON.parse(sessionStorage.getItem(ANNOUNCED) ?? '[]') as string[]);
  } catch {
    return new Set();
  }
}

export function usePromptNotifications(): void {
  const i18n = useI18n();
  const prompts = useAgent((s) => s.prompts);
  const known = useAgent((s) => s.promptsKnown);
  const today = useAgent((s) => s.status?.today.date);
  const permission = useNotifyPermission((s) => s.permission);
  useEffect(() => {
    // Before the first answer the list is empty for want of knowing: it must not forget anything.
    if (permission !== 'granted' || !known) return;
    const seen = announced();
    const looking = document.visibilityState === 'visible' && document.hasFocus();
    for (const prompt of prompts) {
      const key = promptKey(prompt);
      if (seen.has(key)) continue;
      seen.add(key);
      // In front of the manager the banner is enough; a note would only repeat it.
      if (looking) continue;
      notifier().show({ tag: key, title: i18n.t('notify.title'), body: promptText(i18n, prompt), onClick: () => openPrompt(prompt, today) });
    }
    // Forget the ones that are gone, so the list stays short and a prompt that comes back is new.
    const current = new Set(prompts.map(promptKey));
    sessionStorage.setItem(ANNOUNCED, JSON.stringify([...seen].filter((k) => current.has(k))));
  }, [prompts, known, permission, i18n, today]);
}
