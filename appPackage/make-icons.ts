/**
 * Draws the two Teams icons: color.png (192×192, opaque) and outline.png (32×32, white on transparent).
 * A lightning bolt, antialiased by supersampling. Run: `npx tsx appPackage/make-icons.ts`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PNG } from 'pngjs';

type Point = readonly [number, number];
type Rgb = readonly [number, number, number];

/** The bolt in unit coordinates (0..1), clockwise from its top-left corner. */
const BOLT: readonly Point[] = [
  [0.52, 0.04],
  [0.24, 0.56],
  [0.46, 0.56],
  [0.36, 0.96],
  [0.78, 0.4],
  [0.56, 0.4],
  [0.72, 0.04],
];

export const ACCENT: Rgb = [0x1e, 0x5a, 0xa8]; // same as the manifest's accentColor
const ACCENT_DARK: Rgb = [0x14, 0x3f, 0x78];
const BOLT_COLOR: Rgb = [0xff, 0xc8, 0x3d];
const SUPERSAMPLE = 4;

function inside(poly: readonly Point[], x: number, y: number): boolean {
  let hit = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i]!;
    const [xj, yj] = poly[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

/** Share (0..1) of the pixel (px, py) covered by the bolt scaled to `scale` of a `size` square, centred. */
function coverage(size: number, scale: number, px: number, py: number): number {
  const offset = (1 - scale) / 2;
  let hits = 0;
  for (let sy = 0; sy < SUPERSAMPLE; sy++) {
    for (let sx = 0; sx < SUPERSAMPLE; sx++) {
      const u = ((px + (sx + 0.5) / SUPERSAMPLE) / size - offset) / scale;
      const v = ((py + (sy + 0.5) / SUPERSAMPLE) / size - offset) / scale;
      if (inside(BOLT, u, v)) hits++;
    }
  }
  return hits / (SUPERSAMPLE * SUPERSAMPLE);
}

const mix = (a: number, b: number, t: number): number => Math.round(a + (b - a) * t);

/** 192×192, every pixel opaque: a top-to-bottom blue gradient with an amber bolt. */
export function renderColorIcon(): PNG {
  const size = 192;
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const t = y / (size - 1);
      const bg = [0, 1, 2].map((c) => mix(ACCENT[c]!, ACCENT_DARK[c]!, t));
      const k = coverage(size, 0.66, x, y);
      const i = (y * size + x) * 4;
      for (let c = 0; c < 3; c++) png.data[i + c] = mix(bg[c]!, BOLT_COLOR[c]!, k);
      png.data[i + 3] = 255;
    }
  }
  return png;
}

/** 32×32, white everywhere, the bolt's coverage as alpha (0 outside it). */
export function renderOutlineIcon(): PNG {
  const size = 32;
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      png.data[i] = png.data[i + 1] = png.data[i + 2] = 255;
      png.data[i + 3] = Math.round(255 * coverage(size, 0.94, x, y));
    }
  }
  return png;
}

export const ICON_FILES = {
  color: fileURLToPath(new URL('./color.png', import.meta.url)),
  outline: fileURLToPath(new URL('./outline.png', import.meta.url)),
} as const;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(ICON_FILES.color, PNG.sync.write(renderColorIcon()));
  writeFileSync(ICON_FILES.outline, PNG.sync.write(renderOutlineIcon()));
  console.log(`icons written: ${ICON_FILES.color}, ${ICON_FILES.outline}`);
}
