// What a failed call says to the manager: its code in their language (shared/i18n/errors.ts).
import { errorCodeText } from '../shared/i18n/errors.ts';
import type { I18n } from './i18n/use-i18n.ts';
import { AgentError } from './transport/agent-error.ts';

export { syncErrorText } from '../shared/i18n/errors.ts';

export function errorText(i18n: I18n, error: unknown): string {
  if (error instanceof AgentError) return errorCodeText(i18n, error.code);
  return i18n.t('error.unknown', { code: error instanceof Error ? error.name : 'unknown' });
}
