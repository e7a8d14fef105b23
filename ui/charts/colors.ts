// Colours of the day's timeline and charts. Calm, distinguishable, and never the only carrier of
// meaning: every chart also has a text table or labels.
import type { Productivity } from '../../shared/model.ts';
import type { TimelineKind } from '../../shared/days.ts';

export const STATE_COLORS: Record<Exclude<TimelineKind, 'activity'>, string> = {
  work: '#2f7d6d',
  break: '#e0b341',
  idle: '#9b7fd1',
  discarded: '#c9ced6',
  paused: '#7b8594',
  gap: '#e6e8ec',
  private: '#46505f',
};

export const PRODUCTIVITY_COLORS: Record<Productivity, string> = {
  productive: '#3c9a6b',
  neutral: '#9aa5b4',
  unproductive: '#d0714f',
};

const CATEGORY_COLORS: Record<string, string> = {
  crm: '#2f7d6d',
  telephony: '#3f8fb5',
  mail: '#5b6fc7',
  messengers: '#7aa84f',
  documents: '#4aa3a0',
  entertainment: '#d0714f',
  other: '#9aa5b4',
};

/** A team's own categories get a stable colour from their name, tinted by productivity. */
export function categoryColor(category: string | undefined, productivity: Productivity | undefined): string {
  if (category && CATEGORY_COLORS[category]) return CATEGORY_COLORS[category];
  return PRODUCTIVITY_COLORS[productivity ?? 'neutral'];
}
