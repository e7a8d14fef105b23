// What a failed call says to a person, from its code: the agent's and the hub's English messages
// are for logs and programs. A code nobody has put in words yet is shown as the code, never as
// an English sentence in a Ukrainian screen or terminal.
import type { CommonTextKey } from './common/index.ts';
import type { I18n } from './i18n.ts';

const AGENT_CODES = new Set([
  'network',
  'unauthorized',
  'snooze_limit',
  'report_locked',
  'not_clocked_in',
  'invalid_transition',
  'no_pending_idle',
  'unknown_gap',
  'invalid_input',
  'report_incomplete',
  'sync_unavailable',
  'range_too_large',
  'too_large',
]);

const SYNC_CODES = new Set(['network', 'not_a_hub', 'rate_limited', 'device_revoked', 'unauthorized', 'code_invalid', 'code_expired', 'code_used_up', 'device_taken']);

/** Why the hub (or the way to it) failed, from the sync status's or an error's code. */
export function syncErrorText(i18n: I18n, code: string): string {
  if (SYNC_CODES.has(code)) return i18n.t(`syncError.${code}` as CommonTextKey);
  if (/^http_5\d\d$/.test(code) || code === 'bad_response' || code === 'internal') return i18n.t('syncError.server');
  return i18n.t('syncError.other', { code });
}

/** True for codes the hub sent back through a sync command (enroll, sync now). */
function fromHub(code: string): boolean {
  return (SYNC_CODES.has(code) && code !== 'network' && code !== 'unauthorized') || /^http_\d+$/.test(code);
}

/** A failed agent call's code in words. */
export function errorCodeText(i18n: I18n, code: string): string {
  if (fromHub(code)) return i18n.t('error.hub', { reason: syncErrorText(i18n, code) });
  if (AGENT_CODES.has(code)) return i18n.t(`error.${code}` as CommonTextKey);
  return i18n.t('error.unknown', { code });
}
