// The product's mark, drawn in the current accent colour (so it follows the theme).
import { MARK_RING, MARK_TICK, MARK_TILE, MARK_VIEWBOX } from './mark.ts';

export function Mark({ size = 28, title }: { size?: number; title?: string }) {
  const r = MARK_RING;
  return (
    <svg width={size} height={size} viewBox={MARK_VIEWBOX} role={title ? 'img' : undefined} aria-label={title} aria-hidden={title ? undefined : true} className="mark">
      <rect {...MARK_TILE} fill="var(--accent)" />
      <circle cx={r.cx} cy={r.cy} r={r.r} fill="none" stroke="var(--accent-ink)" strokeWidth={r.strokeWidth} />
      <path d={MARK_TICK} fill="none" stroke="var(--accent-ink)" strokeWidth={r.strokeWidth} strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
