// What a failed call says to the manager: known codes in their language, anything else verbatim.
import { AgentError } from './transport/agent-error.ts';
import type { I18n } from './i18n/use-i18n.ts';

export function errorText(i18n: I18n, error: unknown): string {
  if (error instanceof AgentError) {
    if (error.code === 'network') return i18n.t('error.network');
    if (error.code === 'unauthorized') return i18n.t('error.unauthorized');
    if (error.code === 'snooze_limit') return i18n.t('error.snooze_limit');
    if (error.code === 'report_locked') return i18n.t('error.report_locked');
  }
  return i18n.t('error.generic', { message: error instanceof Error ? error.message : String(error) });
}
