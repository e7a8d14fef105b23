// The tokens as a person meets them, in the light and the dark theme: text that reads (WCAG AA),
// and chart colours that stay apart for people with colour-blindness and never repeat between
// the states and the categories.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATEGORY_SWATCHES, OWN_CATEGORY_SWATCHES, STATE_SWATCHES, type Swatch } from '../charts/palette.ts';
import { contrast, deltaE2000Lab, difference, type Vision } from './color-check.ts';

const css = fs.readFileSync(new URL('./tokens.css', import.meta.url), 'utf8');

function variables(block: string): Map<string, string> {
  return new Map([...block.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]));
}

const darkAt = css.indexOf('@media (prefers-color-scheme: dark)');
const light = variables(css.slice(0, darkAt));
// The dark theme overrides colours only; the rest comes from the light block.
const dark = new Map([...light, ...variables(css.slice(darkAt))]);
const THEMES = { light, dark };
const VISIONS: Vision[] = ['normal', 'protanopia', 'deuteranopia', 'tritanopia'];

const hex = (theme: Map<string, string>, token: string) => {
  const value = theme.get(token);
  if (!value || !/^#[0-9a-f]{6}$/i.test(value)) throw new Error(`${token} is not a #rrggbb colour: ${value}`);
  return value;
};

/** Pairs of one set that look alike: same pattern and too close for some vision. */
function confusable(theme: Map<string, string>, set: Record<string, Swatch>, minNormal: number, minDeficient: number): string[] {
  const entries = Object.entries(set);
  const found: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    for (let j = i + 1; j < entries.length; j++) {
      const [a, sa] = entries[i]!;
      const [b, sb] = entries[j]!;
      if (sa.pattern !== sb.pattern) continue;
      for (const vision of VISIONS) {
        const d = difference(hex(theme, sa.token), hex(theme, sb.token), vision);
        if (d < (vision === 'normal' ? minNormal : minDeficient)) found.push(`${a}/${b} ${vision} ΔE ${d.toFixed(1)}`);
      }
    }
  }
  return found;
}

describe('colour science', () => {
  it('CIEDE2000 matches Sharma, Wu & Dalal’s test data', () => {
    expect(deltaE2000Lab([50, 2.6772, -79.7751], [50, 0, -82.7485])).toBeCloseTo(2.0425, 4);
    expect(deltaE2000Lab([50, 0, 0], [50, -1, 2])).toBeCloseTo(2.3669, 4);
    expect(deltaE2000Lab([50, 2.5, 0], [73, 25, -18])).toBeCloseTo(27.1492, 4);
    expect(deltaE2000Lab([2.0776, 0.0795, -1.135], [0.9033, -0.0636, -0.5514])).toBeCloseTo(0.9082, 4);
  });

  it('WCAG contrast of known pairs', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  it('a red and a green that deuteranopes confuse are flagged', () => {
    expect(difference('#d62728', '#2ca02c', 'normal')).toBeGreaterThan(30);
    expect(difference('#d62728', '#2ca02c', 'deuteranopia')).toBeLessThan(difference('#d62728', '#2ca02c', 'normal') / 2);
  });
});

for (const [name, theme] of Object.entries(THEMES)) {
  describe(`${name} theme`, () => {
    it('text reads at WCAG AA (4.5:1) on every background it is set on', () => {
      const pairs: [string, string][] = [
        ['--ink', '--surface'],
        ['--ink', '--bg'],
        ['--ink', '--surface-2'],
        ['--muted', '--surface'],
        ['--muted', '--bg'],
        ['--muted', '--surface-2'],
        ['--accent', '--surface'],
        ['--accent', '--accent-soft'],
        ['--accent-ink', '--accent'],
        ['--warn', '--warn-soft'],
        ['--bad', '--bad-soft'],
        ['--bad', '--surface'],
        ['--good', '--good-soft'],
        ['--good', '--surface'],
        ['--info', '--info-soft'],
        ['--ink', '--input-bg'],
        ['--on-outcome', '--outcome-done'],
        ['--on-outcome', '--outcome-partial'],
        ['--on-outcome', '--outcome-not_done'],
        ['--on-outcome', '--outcome-moved'],
      ];
      const weak = pairs.map(([fg, bg]) => [fg, bg, contrast(hex(theme, fg), hex(theme, bg))] as const).filter(([, , c]) => c < 4.5);
      expect(weak.map(([fg, bg, c]) => `${fg} on ${bg}: ${c.toFixed(2)}`)).toEqual([]);
    });

    it('the focus ring stands out (3:1) from the surfaces', () => {
      for (const bg of ['--surface', '--bg']) expect(contrast(hex(theme, '--focus'), hex(theme, bg))).toBeGreaterThanOrEqual(3);
    });

    it('states never look alike, for any vision', () => {
      expect(confusable(theme, STATE_SWATCHES, 12, 8)).toEqual([]);
    });

    it('categories never look alike, for any vision', () => {
      expect(confusable(theme, { ...CATEGORY_SWATCHES, ...OWN_CATEGORY_SWATCHES }, 12, 8)).toEqual([]);
    });

    it('no state shares a colour with a category', () => {
      const shared: string[] = [];
      for (const [state, s] of Object.entries(STATE_SWATCHES)) {
        for (const [category, c] of Object.entries({ ...CATEGORY_SWATCHES, ...OWN_CATEGORY_SWATCHES })) {
          const d = difference(hex(theme, s.token), hex(theme, c.token));
          if (s.pattern === c.pattern && d < 10) shared.push(`${state}/${category} ΔE ${d.toFixed(1)}`);
        }
      }
      expect(shared).toEqual([]);
    });

    it('every chart colour stands apart from the card it is drawn on, for any vision', () => {
      const faint: string[] = [];
      for (const [name, s] of Object.entries({ ...STATE_SWATCHES, ...CATEGORY_SWATCHES, ...OWN_CATEGORY_SWATCHES })) {
        for (const vision of VISIONS) {
          const d = difference(hex(theme, s.token), hex(theme, '--surface'), vision);
          if (d < 10) faint.push(`${name} ${vision} ΔE ${d.toFixed(1)}`);
        }
      }
      expect(faint).toEqual([]);
    });
  });
}
