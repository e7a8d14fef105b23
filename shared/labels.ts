// What a stretch of work time is labelled with: one of the day plan's tasks (`task:<item id>`,
// counted for that task in the report), a kind of work away from the screen, or free text the
// manager typed (from the CLI). Stored and synced as these strings; shown by name, never as is.

export const TASK_LABEL_PREFIX = 'task:';
/** Work away from the computer, offered wherever time can be labelled. */
export const AWAY_LABELS = ['call', 'meeting', 'offline'] as const;
export type AwayLabel = (typeof AWAY_LABELS)[number];

export const taskLabel = (itemId: string): string => `${TASK_LABEL_PREFIX}${itemId}`;

export type ParsedLabel = { kind: 'task'; itemId: string } | { kind: 'away'; label: AwayLabel } | { kind: 'text'; text: string };

export function parseLabel(label: string): ParsedLabel {
  if (label.startsWith(TASK_LABEL_PREFIX)) return { kind: 'task', itemId: label.slice(TASK_LABEL_PREFIX.length) };
  if ((AWAY_LABELS as readonly string[]).includes(label)) return { kind: 'away', label: label as AwayLabel };
  return { kind: 'text', text: label };
}
