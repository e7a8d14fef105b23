// What the agent cannot record here (TrackingIssue) and what it wants the manager to know
// (notices), in the reader's language. The system's own error text, which no catalogue can
// translate, is left to the status's `problems` and the logs.
import type { AgentStatus, TrackingIssue } from '../api.ts';
import type { CommonTextKey } from './common/index.ts';
import type { I18n } from './i18n.ts';

export function trackingIssueText(i18n: I18n, issue: TrackingIssue): string {
  return i18n.t('issue.line', { what: i18n.t(issue.source === 'window' ? 'issue.window' : 'issue.idle'), why: i18n.t(`issue.${issue.code}` as CommonTextKey) });
}

export function noticeText(i18n: I18n, notice: AgentStatus['notices'][number]): string {
  if (notice.kind === 'database-corrupt') {
    const movedTo = (notice.data as { movedTo?: string } | null)?.movedTo ?? '';
    return i18n.t('notice.database-corrupt', { movedTo });
  }
  return i18n.t('notice.other', { message: notice.message });
}
