// The tray icon for each state, drawn here rather than shipped as files: the same shapes at any
// size (16 px and 32 px for Windows and Linux, 22/44 px macOS templates), in a light and a dark
// variant, so no state is told by colour alone. Pure: no Electron; PNG bytes via pngjs.
import { PNG } from 'pngjs';
import type { WorkStatus } from '../../shared/worktime.ts';

export type IconVariant = 'light' | 'dark' | 'template';

export interface TrayIconSpec {
  state: WorkStatus;
  /** A sync problem adds a badge to whatever state. */
  syncProblem: boolean;
  variant: IconVariant;
}

type Rgba = [number, number, number, number];
/** Inside test in a unit square, for one layer. */
type Shape = (x: number, y: number) => boolean;

const disc = (cx: number, cy: number, r: number): Shape => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const ring = (cx: number, cy: number, r: number, w: number): Shape => (x, y) => {
  const d = Math.hypot(x - cx, y - cy);
  return d <= r && d >= r - w;
};
const rect = (x0: number, y0: number, x1: number, y1: number): Shape => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const bars: Shape = (x, y) => rect(0.36, 0.3, 0.45, 0.7)(x, y) || rect(0.55, 0.3, 0.64, 0.7)(x, y);
const minus = (a: Shape, b: Shape): Shape => (x, y) => a(x, y) && !b(x, y);

/** Darker tones for light taskbars, brighter ones for dark taskbars (Windows 11's default). */
const COLORS: Record<'light' | 'dark', Record<WorkStatus, Rgba>> = {
  light: { working: [38, 140, 70, 255], break: [200, 128, 14, 255], paused: [100, 108, 120, 255], clocked_out: [100, 108, 120, 255] },
  dark: { working: [84, 206, 124, 255], break: [245, 178, 66, 255], paused: [176, 184, 196, 255], clocked_out: [176, 184, 196, 255] },
};
const BADGE: Rgba = [214, 48, 49, 255];

function layers(spec: TrayIconSpec): [Shape, Rgba][] {
  const ink: Rgba = spec.variant === 'dark' ? [235, 238, 242, 255] : [40, 44, 52, 255];
  const color: Rgba = spec.variant === 'template' ? [0, 0, 0, 255] : COLORS[spec.variant][spec.state];
  const badgeHole = disc(0.8, 0.8, 0.24);
  const cut = (s: Shape): Shape => (spec.syncProblem ? minus(s, badgeHole) : s);
  const out: [Shape, Rgba][] = [];
  switch (spec.state) {
    case 'working':
      // A full disc: time is running.
      out.push([cut(disc(0.5, 0.5, 0.44)), color]);
      break;
    case 'break':
      out.push([cut(minus(disc(0.5, 0.5, 0.44), bars)), color]);
      break;
    case 'paused':
      // Outline and bars: stopped by itself (idle, locked), not by choice.
      out.push([cut(ring(0.5, 0.5, 0.44, 0.1)), color], [cut(bars), color]);
      break;
    case 'clocked_out':
      out.push([cut(ring(0.5, 0.5, 0.44, 0.1)), spec.variant === 'template' ? color : ink]);
      break;
  }
  if (spec.syncProblem) out.push([disc(0.8, 0.8, 0.17), spec.variant === 'template' ? color : BADGE]);
  return out;
}

/** One PNG of the icon, `size` pixels square, anti-aliased by 4×4 supersampling. */
export function renderTrayIcon(spec: TrayIconSpec, size: number): Buffer {
  const png = new PNG({ width: size, height: size });
  const shapes = layers(spec);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (px + (sx + 0.5) / n) / size;
          const y = (py + (sy + 0.5) / n) / size;
          // The last layer that covers the sample wins (later layers are drawn on top).
          let hit: Rgba | null = null;
          for (const [shape, color] of shapes) if (shape(x, y)) hit = color;
          if (hit) {
            r += hit[0];
            g += hit[1];
            b += hit[2];
            a += hit[3];
          }
        }
      }
      const covered = a / 255;
      const i = (py * size + px) * 4;
      png.data[i] = covered ? Math.round(r / covered) : 0;
      png.data[i + 1] = covered ? Math.round(g / covered) : 0;
      png.data[i + 2] = covered ? Math.round(b / covered) : 0;
      png.data[i + 3] = Math.round(a / (n * n));
    }
  }
  return PNG.sync.write(png);
}

/** Pixel sizes per platform: 1x and 2x (Windows and Linux 16 px, macOS menu bar 18 pt templates). */
export function traySizes(platform: NodeJS.Platform): [number, number] {
  return platform === 'darwin' ? [18, 36] : [16, 32];
}

export function iconVariant(platform: NodeJS.Platform, darkTheme: boolean): IconVariant {
  if (platform === 'darwin') return 'template';
  return darkTheme ? 'dark' : 'light';
}

/** The app's own icon (installers, windows): the working disc with a clock hand, large. */
export function renderAppIcon(size: number): Buffer {
  const png = PNG.sync.read(renderTrayIcon({ state: 'working', syncProblem: false, variant: 'light' }, size));
  const hand = (x: number, y: number) => rect(0.47, 0.2, 0.53, 0.53)(x, y) || rect(0.47, 0.47, 0.72, 0.53)(x, y);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      if (!hand((px + 0.5) / size, (py + 0.5) / size)) continue;
      const i = (py * size + px) * 4;
      png.data.fill(255, i, i + 4);
    }
  }
  return PNG.sync.write(png);
}
