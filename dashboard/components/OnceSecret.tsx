// What the hub shows once and the admin hands on: a webhook's signing secret, an API token, an
// invite link, an agent enrollment code; in full, with a copy button.
import { useState } from 'react';
import { useI18n } from '../i18n/use-i18n.ts';

/** The text as data with a copy button; `label` says whose it is to a screen reader. */
export function Copyable({ text, label, testId = 'copyable' }: { text: string; label: string; testId?: string }) {
  const i18n = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <div className="copyable">
      <code data-testid={testId}>{text}</code>
      <button type="button" onClick={() => void navigator.clipboard?.writeText(text).then(() => setCopied(true), () => setCopied(false))} aria-label={`${i18n.t('admin.copy')}: ${label}`}>
        {copied ? i18n.t('admin.copied') : i18n.t('admin.copy')}
      </button>
    </div>
  );
}

/** A secret the hub shows once (whsec_…, zvt_…): in full, with a copy button, and a warning; `detail` is data (an address). */
export function OnceSecret({ label, detail, secret, testId }: { label: string; detail?: string; secret: string; testId: string }) {
  const i18n = useI18n();
  return (
    <div className="notice" role="status">
      <p>
        <strong>
          {label}
          {detail && (
            <>
              {' '}
              <span data-verbatim className="wrap-anywhere">
                {detail}
              </span>
            </>
          )}
          .
        </strong>{' '}
        {i18n.t('integ.shownOnce')}
      </p>
      <Copyable text={secret} label={label} testId={testId} />
    </div>
  );
}
