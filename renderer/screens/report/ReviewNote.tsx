// The lead's review above the form: returned (with the comment: what to change), approved (with
// the comment, if any: it is the lead's word on the day), or locked.
import { CircleCheck, MessageSquareWarning } from 'lucide-react';
import type { DayReport } from '../../../shared/plan.ts';
import { useI18n } from '../../i18n/use-i18n.ts';

export function ReviewNote({ report, editable }: { report: DayReport | null; editable: boolean }) {
  const i18n = useI18n();
  if (!report || report.status === 'submitted') return null;
  const returned = report.status === 'returned';
  const Icon = returned ? MessageSquareWarning : CircleCheck;
  return (
    <div className={`note review ${returned ? 'returned' : 'approved'}`} data-testid="review-note" role="status">
      <Icon className="icon" aria-hidden="true" />
      <div>
        <p>{returned ? i18n.t('report.returned') : editable ? i18n.t('report.approved') : i18n.t('report.locked')}</p>
        {report.reviewComment && (
          <blockquote aria-label={i18n.t('report.leadComment')} data-testid="lead-comment">
            <strong>{i18n.t('report.leadComment')}:</strong> {report.reviewComment}
          </blockquote>
        )}
      </div>
    </div>
  );
}
