import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { heatColor, renderHeatmap } from './heatmap.ts';

const scale = { low: 3, mid: 3.8, high: 4.5 };

describe('heat map PNG', () => {
  it('colours values red → amber → green', () => {
    expect(heatColor(2.5, scale)).toEqual([209, 52, 56]);
    expect(heatColor(3.8, scale)).toEqual([255, 185, 0]);
    expect(heatColor(4.8, scale)).toEqual([16, 124, 16]);
  });

  it('draws one coloured cell per zone and month, grey when empty, as a decodable PNG', () => {
    const r = renderHeatmap({ rows: [{ id: 1 }, { id: 2 }], columns: ['10', '11'], values: [[2, 4.9], [null, 3.8]], scale });
    const png = PNG.sync.read(r.toPng());
    expect([png.width, png.height]).toEqual([28 + 2 * 58, 20 + 2 * 32]);
    const at = (x: number, y: number) => [...png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 3)];
    // top-left corner pixels of each cell (away from the centred text)
    expect(at(28 + 1, 20 + 1)).toEqual([209, 52, 56]);
    expect(at(28 + 58 + 1, 20 + 1)).toEqual([16, 124, 16]);
    expect(at(28 + 1, 20 + 32 + 1)).toEqual([225, 223, 221]);
    expect(at(28 + 58 + 1, 20 + 32 + 1)).toEqual([255, 185, 0]);
    // the value is written in the cell: some ink pixels differ from the fill
    let ink = 0;
    for (let y = 20; y < 20 + 30; y++) for (let x = 28; x < 28 + 56; x++) if (at(x, y).join() !== '209,52,56') ink++;
    expect(ink).toBeGreaterThan(20);
    expect(r.toDataUri()).toMatch(/^data:image\/png;base64,iVBOR/);
  });
});
