// The labels time can carry, shared by the task picker and the idle dialog: today's plan items
// first (as `task:<id>`, which the report's tracked minutes count), then work away from the screen.
import type { PlanItem } from '../../shared/plan.ts';
import type { I18n } from '../i18n/use-i18n.ts';
import { AWAY_LABELS, taskLabel } from '../../shared/labels.ts';

export interface LabelOption {
  value: string;
  text: string;
}

export function labelOptions(i18n: I18n, items: readonly PlanItem[]): LabelOption[] {
  return [
    ...items.map((item) => ({ value: taskLabel(item.id), text: i18n.t('label.task', { title: item.title }) })),
    ...AWAY_LABELS.map((label) => ({ value: label, text: i18n.t(`label.${label}`) })),
  ];
}
