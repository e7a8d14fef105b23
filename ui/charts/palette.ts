// Which colour and pattern each thing the charts draw gets. The colours are CSS custom properties
// (ui/styles/tokens.css, light and dark); the pattern is a second cue besides colour, for the
// states that matter least to read (hatched: waiting for a decision, not counted; outlined: the
// agent was not running) and for a team's own categories (striped).
import type { CSSProperties } from 'react';
import type { TimelineKind } from '../../shared/days.ts';
import { BUILT_IN_CATEGORIES, isBuiltInCategory, type BuiltInCategory } from '../../shared/i18n/labels.ts';
import type { Productivity } from '../../shared/model.ts';

export type Pattern = 'solid' | 'hatch' | 'outline' | 'stripes';
export interface Swatch {
  /** A CSS custom property holding the colour, e.g. '--state-work'. */
  token: string;
  pattern: Pattern;
}

export type StateKind = Exclude<TimelineKind, 'activity'>;

export const STATE_SWATCHES: Record<StateKind, Swatch> = {
  work: { token: '--state-work', pattern: 'solid' },
  break: { token: '--state-break', pattern: 'solid' },
  paused: { token: '--state-paused', pattern: 'solid' },
  private: { token: '--state-private', pattern: 'solid' },
  idle: { token: '--state-idle', pattern: 'hatch' },
  discarded: { token: '--state-discarded', pattern: 'hatch' },
  gap: { token: '--state-gap', pattern: 'outline' },
};


export const CATEGORY_SWATCHES: Record<BuiltInCategory, Swatch> = Object.fromEntries(
  BUILT_IN_CATEGORIES.map((c) => [c, { token: `--cat-${c}`, pattern: 'solid' }]),
) as Record<BuiltInCategory, Swatch>;

export const OWN_CATEGORY_SWATCHES: Record<Productivity, Swatch> = {
  productive: { token: '--cat-own-productive', pattern: 'stripes' },
  neutral: { token: '--cat-own-neutral', pattern: 'stripes' },
  unproductive: { token: '--cat-own-unproductive', pattern: 'stripes' },
};

/** A built-in category's swatch; a team's own category is striped in its productivity's tone. */
export function categorySwatch(category: string | undefined, productivity: Productivity | undefined): Swatch {
  if (category && isBuiltInCategory(category)) return CATEGORY_SWATCHES[category];
  return OWN_CATEGORY_SWATCHES[productivity ?? 'neutral'];
}

/** The CSS that paints a swatch as a block's background (and border, for outlined ones). */
export function swatchStyle({ token, pattern }: Swatch): CSSProperties {
  const color = `var(${token})`;
  switch (pattern) {
    case 'solid':
      return { background: color };
    case 'hatch':
      return { background: `repeating-linear-gradient(135deg, ${color} 0 3px, transparent 3px 6px)`, boxShadow: `inset 0 0 0 1px ${color}` };
    case 'stripes':
      return { background: `repeating-linear-gradient(90deg, ${color} 0 5px, color-mix(in srgb, ${color} 55%, transparent) 5px 8px)` };
    case 'outline':
      return { background: 'transparent', outline: `1px dashed ${color}`, outlineOffset: '-1px' };
  }
}
