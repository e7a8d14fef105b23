// A work label (shared/labels.ts) by name: the task's title, a kind of work in the reader's
// language, or the manager's own words. A task no longer in the plan is said to be so, never
// shown as its id.
import { parseLabel } from '../labels.ts';
import type { CommonTextKey } from './common/index.ts';
import type { I18n } from './i18n.ts';

/** The categories Zvit's own rules give (shared/policy.ts); a team may add its own names. */
export const BUILT_IN_CATEGORIES = ['crm', 'telephony', 'mail', 'messengers', 'documents', 'entertainment', 'other'] as const;
export type BuiltInCategory = (typeof BUILT_IN_CATEGORIES)[number];

export function isBuiltInCategory(category: string): category is BuiltInCategory {
  return (BUILT_IN_CATEGORIES as readonly string[]).includes(category);
}

/** A built-in category in the reader's language; a team's own category as the team named it. */
export function categoryName(i18n: I18n, category = 'other'): string {
  return isBuiltInCategory(category) ? i18n.t(`category.${category}` as CommonTextKey) : category;
}

export interface TaskTitle {
  id: string;
  title: string;
}

export function labelText(i18n: I18n, label: string, tasks: readonly TaskTitle[]): string {
  const parsed = parseLabel(label);
  switch (parsed.kind) {
    case 'task': {
      const task = tasks.find((t) => t.id === parsed.itemId);
      return task ? i18n.t('label.task', { title: task.title }) : i18n.t('label.removedTask');
    }
    case 'away':
      return i18n.t(`label.${parsed.label}`);
    case 'text':
      return parsed.text;
  }
}
