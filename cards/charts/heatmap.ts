/**
 * The satisfaction heat map (zones × months), drawn server-side as a PNG: Teams' Adaptive Card charts have no
 * heat map, and Teams shows PNG images (data URI) but not SVG. Rows are labelled with the zone number, columns
 * with the month number; each cell shows the mean note (1–5) on a red → amber → green scale, grey when empty.
 * The card gives the zone names and the legend as text beside the image.
 */
import { Raster, type Rgb } from './raster.ts';

export interface HeatmapInput {
  rows: { id: number }[];
  /** column labels, e.g. "06" for June */
  columns: string[];
  /** value[row][column], null = no data */
  values: (number | null)[][];
  /** the value scale: at or below `low` red, `mid` amber, at or above `high` green */
  scale: { low: number; mid: number; high: number };
  decimals?: number;
}

const RED: Rgb = [209, 52, 56];
const AMBER: Rgb = [255, 185, 0];
const GREEN: Rgb = [16, 124, 16];
const EMPTY: Rgb = [225, 223, 221];
const INK: Rgb = [50, 49, 48];

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [0, 1, 2].map((i) => Math.round(a[i]! + (b[i]! - a[i]!) * t)) as unknown as Rgb;

/** The colour of a value on the red → amber → green scale. */
export function heatColor(v: number, s: HeatmapInput['scale']): Rgb {
  if (v <= s.low) return RED;
  if (v >= s.high) return GREEN;
  return v < s.mid ? mix(RED, AMBER, (v - s.low) / (s.mid - s.low)) : mix(AMBER, GREEN, (v - s.mid) / (s.high - s.mid));
}

const CELL_W = 56;
const CELL_H = 30;
const LABEL_W = 28;
const HEADER_H = 20;
const GAP = 2;

/** Renders the heat map as a PNG raster. */
export function renderHeatmap(input: HeatmapInput): Raster {
  const width = LABEL_W + input.columns.length * (CELL_W + GAP);
  const height = HEADER_H + input.rows.length * (CELL_H + GAP);
  const r = new Raster(width, height);
  const decimals = input.decimals ?? 1;
  input.columns.forEach((c, j) => r.centred(LABEL_W + j * (CELL_W + GAP), 0, CELL_W, HEADER_H, c, 2, INK));
  input.rows.forEach((row, i) => {
    const y = HEADER_H + i * (CELL_H + GAP);
    r.centred(0, y, LABEL_W, CELL_H, String(row.id), 2, INK);
    input.columns.forEach((_, j) => {
      const v = input.values[i]?.[j] ?? null;
      const x = LABEL_W + j * (CELL_W + GAP);
      const fill = v === null ? EMPTY : heatColor(v, input.scale);
      r.rect(x, y, CELL_W, CELL_H, fill);
      if (v !== null) {
        const light = fill[0] * 0.299 + fill[1] * 0.587 + fill[2] * 0.114 < 150;
        r.centred(x, y, CELL_W, CELL_H, v.toFixed(decimals).replace('.', ','), 2, light ? [255, 255, 255] : INK);
      }
    });
  });
  return r;
}
