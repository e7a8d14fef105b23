// A native notification for every prompt: the morning plan, the day's report (and one a lead
// returned), and the question about time away once the person is back. In the UI's language;
// clicking opens the screen that answers it. They are ordinary notifications (normal urgency,
// no window forced to the front), so the OS's do-not-disturb / Focus holds them back; the
// prompt stays in the tray menu and the popover until answered.
import { Notification } from 'electron';
import type { Prompt, ReportView } from '../../shared/api.ts';
import type { OpenRequest } from '../../shared/desktop.ts';
import { duration, shellText, type ShellLocale } from './text.ts';

export interface PromptNotice {
  key: string;
  title: string;
  body: string;
  open: OpenRequest;
}

export function promptKey(prompt: Prompt): string {
  return prompt.kind === 'idle' ? `idle-${prompt.gapId}` : `${prompt.kind}-${prompt.date}`;
}

/** The notice for a prompt, or null when it should not notify (still away from the computer). */
export function noticeFor(prompt: Prompt, locale: ShellLocale, report: Pick<ReportView, 'report'> | null): PromptNotice | null {
  const t = (key: Parameters<typeof shellText>[1], vars?: Record<string, string | number>) => shellText(locale, key, vars);
  const key = promptKey(prompt);
  switch (prompt.kind) {
    case 'plan':
      return { key, title: t('notify.plan.title'), body: t('notify.plan.body'), open: { screen: 'plan' } };
    case 'report': {
      const open: OpenRequest = { screen: 'report', date: prompt.overdue ? prompt.date : null };
      if (report?.report?.status === 'returned') return { key: `${key}-returned`, title: t('notify.returned.title'), body: t('notify.returned.body', { comment: report.report.reviewComment ?? '' }), open };
      return { key, title: t('notify.report.title'), body: prompt.overdue ? t('notify.reportOverdue.body', { date: prompt.date }) : t('notify.report.body'), open };
    }
    case 'idle':
      // Asked when the person is back, not while the gap is still growing.
      return prompt.open ? null : { key, title: t('notify.idle.title'), body: t('notify.idle.body', { duration: duration(locale, prompt.end - prompt.start) }), open: { screen: 'idle' } };
  }
}

export class PromptNotifier {
  private shown = new Set<string>();
  /** The notices shown so far, newest last (for the packaged-app smoke test's hooks). */
  readonly recent: PromptNotice[] = [];
  /** Held until closed: a notification no longer referenced may lose its click handler. */
  private readonly live = new Map<string, Notification>();
  private readonly open: (request: OpenRequest) => void;
  private readonly log: (message: string) => void;

  constructor(open: (request: OpenRequest) => void, log: (message: string) => void) {
    this.open = open;
    this.log = log;
  }

  /**
   * Shows what is new among the current prompts. A prompt that went away (answered, or put off)
   * is forgotten, so it notifies again when it comes back after a snooze.
   */
  update(prompts: Prompt[], locale: ShellLocale, reportFor: (prompt: Extract<Prompt, { kind: 'report' }>) => Pick<ReportView, 'report'> | null): PromptNotice[] {
    const notices = prompts.map((p) => noticeFor(p, locale, p.kind === 'report' ? reportFor(p) : null)).filter((n): n is PromptNotice => n !== null);
    const current = new Set(notices.map((n) => n.key));
    for (const key of this.shown) if (!current.has(key)) this.shown.delete(key);
    const fresh = notices.filter((n) => !this.shown.has(n.key));
    for (const notice of fresh) {
      this.shown.add(notice.key);
      this.show(notice);
    }
    return fresh;
  }

  /** Acts as a click on the notice with this key (the e2e hooks: OS toasts cannot be clicked by a test). */
  click(key: string): boolean {
    const notice = this.recent.find((n) => n.key === key);
    if (!notice) return false;
    this.open(notice.open);
    return true;
  }

  private show(notice: PromptNotice): void {
    this.recent.push(notice);
    if (this.recent.length > 50) this.recent.shift();
    if (!Notification.isSupported()) return;
    try {
      const n = new Notification({ title: notice.title, body: notice.body, urgency: 'normal', timeoutType: 'default' });
      n.on('click', () => {
        this.live.delete(notice.key);
        this.open(notice.open);
      });
      n.on('close', () => this.live.delete(notice.key));
      this.live.set(notice.key, n);
      n.show();
    } catch (error) {
      this.log(`notifications: ${(error as Error).message}`);
    }
  }
}
