/**
 * A tiny RGB raster: filled rectangles and digits in a 3×5 pixel font, encoded as PNG with pngjs — enough for
 * the charts Teams cannot draw itself (heat map), with no external service and no font file.
 */
import { PNG } from 'pngjs';

export type Rgb = readonly [number, number, number];

/** 3×5 glyphs, one string of 15 pixels per character ('#' = ink). */
const GLYPHS: Record<string, string> = {
  '0': '####.##.##.####', '1': '.#.##..#..#.###', '2': '###..#####..###', '3': '###..####..####', '4': '#.##.####..#..#',
  '5': '####..###..####', '6': '####..####.####', '7': '###..#..#..#..#', '8': '####.#####.####', '9': '####.####..####',
  ',': '..........#.#..', '.': '............#..', '-': '......###......', ' ': '...............', '+': '....#.###.#....',
};

export class Raster {
  readonly png: PNG;

  constructor(readonly width: number, readonly height: number, background: Rgb = [255, 255, 255]) {
    this.png = new PNG({ width, height, colorType: 2, inputHasAlpha: false });
    this.rect(0, 0, width, height, background);
  }

  rect(x: number, y: number, w: number, h: number, [r, g, b]: Rgb): void {
    for (let j = Math.max(0, y); j < Math.min(this.height, y + h); j++) {
      for (let i = Math.max(0, x); i < Math.min(this.width, x + w); i++) {
        const k = (j * this.width + i) * 4;
        this.png.data[k] = r;
        this.png.data[k + 1] = g;
        this.png.data[k + 2] = b;
        this.png.data[k + 3] = 255;
      }
    }
  }

  /** Width in pixels of a text at a scale (3 px per glyph + 1 px spacing). */
  static textWidth(text: string, scale: number): number {
    return text.length === 0 ? 0 : (text.length * 4 - 1) * scale;
  }

  /** Draws digits and , . - + (other characters are skipped as spaces). */
  text(x: number, y: number, text: string, scale: number, color: Rgb): void {
    [...text].forEach((ch, n) => {
      const glyph = GLYPHS[ch] ?? GLYPHS[' ']!;
      for (let p = 0; p < 15; p++) if (glyph[p] === '#') this.rect(x + (n * 4 + (p % 3)) * scale, y + Math.floor(p / 3) * scale, scale, scale, color);
    });
  }

  /** Text centred in a box. */
  centred(x: number, y: number, w: number, h: number, text: string, scale: number, color: Rgb): void {
    this.text(x + Math.round((w - Raster.textWidth(text, scale)) / 2), y + Math.round((h - 5 * scale) / 2), text, scale, color);
  }

  toPng(): Buffer {
    return PNG.sync.write(this.png, { colorType: 2, deflateLevel: 9, filterType: 4 });
  }

  toDataUri(): string {
    return `data:image/png;base64,${this.toPng().toString('base64')}`;
  }
}
