// Approve a report (optional comment and a 1–5 rating) or return it (a comment is required: it
// tells the manager what to fix, and their agent shows it).
import { useState, type FormEvent } from 'react';
import { ApiError, call } from '../api/client.ts';
import { useI18n } from '../i18n/use-i18n.ts';
import { errorText } from './bits.tsx';

export function ReviewForm({ reportId, onDone, who }: { reportId: string; onDone: () => void; who: string }) {
  const i18n = useI18n();
  const [comment, setComment] = useState('');
  const [rating, setRating] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = `review-${reportId}`;

  async function send(status: 'approved' | 'returned') {
    if (status === 'returned' && comment.trim() === '') {
      setError(i18n.t('review.commentNeeded'));
      document.getElementById(`${id}-comment`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      // A rating only goes with an approval, and only when given.
      const rated = status === 'approved' && rating !== null ? { rating } : {};
      await call('review', { params: { reportId }, body: { status, comment: comment.trim(), ...rated } });
      setComment('');
      setRating(null);
      onDone();
    } catch (err) {
      setError(err instanceof ApiError ? errorText(i18n, err) : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="review-form" onSubmit={(e: FormEvent) => e.preventDefault()} aria-label={i18n.t('review.formLabel', { name: who })}>
      <label className="field">
        <span>{i18n.t('review.comment')}</span>
        <textarea id={`${id}-comment`} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={5000} />
      </label>
      <fieldset className="rating">
        <legend>{i18n.t('review.rating')}</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} className="rating-star">
            <input type="radio" name={`${id}-rating`} checked={rating === n} onChange={() => setRating(n)} />
            <span>{n}</span>
          </label>
        ))}
        {rating !== null && (
          <button type="button" className="link" onClick={() => setRating(null)}>
            {i18n.t('review.noRating')}
          </button>
        )}
      </fieldset>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void send('approved')}>
          {i18n.t('review.approve')}
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => void send('returned')}>
          {i18n.t('review.return')}
        </button>
      </div>
    </form>
  );
}
