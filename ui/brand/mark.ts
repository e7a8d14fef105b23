// Zvit's mark: a clock face whose hands make a tick — the day accounted for. One geometry for the
// React component (Mark.tsx) and for the SVG text the tab's favicon is made from.

export const MARK_VIEWBOX = '0 0 32 32';
/** The tile behind the mark. */
export const MARK_TILE = { x: 0, y: 0, width: 32, height: 32, rx: 8 };
/** The clock face: a ring. */
export const MARK_RING = { cx: 16, cy: 16, r: 9.5, strokeWidth: 2.6 };
/** The hands, drawn as a tick. */
export const MARK_TICK = 'M11.2 16.4l3.4 3.4 6.4-7.2';

export interface MarkSvgOptions {
  /** The tile's colour (a state's colour in the favicon). */
  tile: string;
  /** The ring's and tick's colour. */
  ink?: string;
  /** A dot in the top right corner: something waits for the manager. */
  badge?: string | null;
}

/** The mark as standalone SVG text, e.g. for a data: URL favicon. */
export function markSvg({ tile, ink = '#ffffff', badge = null }: MarkSvgOptions): string {
  const t = MARK_TILE;
  const r = MARK_RING;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${MARK_VIEWBOX}">` +
    `<rect x="${t.x}" y="${t.y}" width="${t.width}" height="${t.height}" rx="${t.rx}" fill="${tile}"/>` +
    `<circle cx="${r.cx}" cy="${r.cy}" r="${r.r}" fill="none" stroke="${ink}" stroke-width="${r.strokeWidth}"/>` +
    `<path d="${MARK_TICK}" fill="none" stroke="${ink}" stroke-width="${r.strokeWidth}" stroke-linecap="round" stroke-linejoin="round"/>` +
    (badge ? `<circle cx="26" cy="6" r="6" fill="${badge}" stroke="#ffffff" stroke-width="2"/>` : '') +
    `</svg>`
  );
}

export function markDataUrl(options: MarkSvgOptions): string {
  return `data:image/svg+xml,${encodeURIComponent(markSvg(options))}`;
}
