// Keeps the tab's title and favicon in step with the agent (see tab.ts). Browsers run a hidden
// tab's timers at most once a second (once a minute after a while), which is as often as a title
// can be read anyway.
import { useEffect } from 'react';
import { markDataUrl } from '../../ui/brand/mark.ts';
import { useWorkedMs } from '../hooks/use-worked-ms.ts';
import { useI18n } from '../i18n/use-i18n.ts';
import { useAgent } from '../stores/agent.ts';
import { BADGE_TOKEN, FAVICON_TOKEN, tabTitle } from './tab.ts';

function cssColor(token: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(token).trim() || '#2f7d6d';
}

function setFavicon(href: string): void {
  let link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
  if (!link) {
    link = document.createElement('link');
    link.rel = 'icon';
    document.head.append(link);
  }
  if (link.href !== href) link.href = href;
}

/** `ready`: the popover can take a click; the favicon (which reads computed styles) waits for it. */
export function useTabAttention(ready: boolean): void {
  const i18n = useI18n();
  const status = useAgent((s) => s.status);
  const prompts = useAgent((s) => s.prompts);
  const worked = useWorkedMs();
  const title = tabTitle(i18n, status, prompts, worked);
  useEffect(() => {
    document.title = title;
  }, [title]);

  const state = status?.state ?? 'clocked_out';
  const waiting = prompts.length > 0;
  useEffect(() => {
    if (!ready) return;
    const apply = () => setFavicon(markDataUrl({ tile: cssColor(FAVICON_TOKEN[state]), badge: waiting ? cssColor(BADGE_TOKEN) : null }));
    apply();
    // The palette follows the OS theme: repaint the favicon when it flips.
    const scheme = matchMedia('(prefers-color-scheme: dark)');
    scheme.addEventListener('change', apply);
    return () => scheme.removeEventListener('change', apply);
  }, [state, waiting, ready]);
}
