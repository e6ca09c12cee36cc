import { describe, expect, it } from 'vitest';
import { nameZones, type ExistingZone } from './naming.ts';
import type { ZoneStats } from './types.ts';

const zone = (index: number, lat: number, lon: number, mainTown: string | null = null): ZoneStats => ({ index, centre: { lat, lon }, radiusKm: 1, clients: 1, density: 1, minutes: 0, mainTown });
const existing = (zoneId: number, name: string, lat: number, lon: number, technicienAffecte: number | null = null, radiusKm = 3): ExistingZone => ({ zoneId, name, centre: { lat, lon }, radiusKm, technicienAffecte });

const OLD = [existing(1, 'Annecy Centre', 45.9, 6.12, 1), existing(2, 'Seynod', 45.88, 6.08, 2), existing(3, 'Rumilly', 45.86, 5.94, 3)];

describe('nameZones', () => {
  it('gives each new zone the id, name and technician of the nearest existing zone', () => {
    const ids = nameZones([zone(0, 45.87, 5.95), zone(1, 45.905, 6.125), zone(2, 45.881, 6.085)], OLD);
    expect(ids.map((z) => [z.zoneId, z.index, z.name, z.technicienAffecte])).toEqual([
      [1, 1, 'Annecy Centre', 1],
      [2, 2, 'Seynod', 2],
      [3, 0, 'Rumilly', 3],
    ]);
    expect(ids.every((z) => z.shiftKm !== null && z.shiftKm < 1.5)).toBe(true);
  });

  it('matches each existing zone once: the second-nearest zone gets the next free id and its main town', () => {
    const ids = nameZones([zone(0, 45.9, 6.12, 'Annecy'), zone(1, 45.91, 6.13, 'Annecy-le-Vieux'), zone(2, 45.88, 6.08), zone(3, 45.86, 5.94), zone(4, 46.07, 6.4, 'Bonneville')], OLD);
    expect(ids.map((z) => [z.zoneId, z.name, z.from?.zoneId ?? null])).toEqual([
      [1, 'Annecy Centre', 1],
      [2, 'Seynod', 2],
      [3, 'Rumilly', 3],
      [4, 'Annecy-le-Vieux', null],
      [5, 'Bonneville', null],
    ]);
  });

  it('keeps names unique: a taken town name gets a number, a zone without town its id', () => {
    const ids = nameZones([zone(0, 45.9, 6.12), zone(1, 46.2, 6.5, 'Seynod'), zone(2, 46.3, 6.6, null)], [existing(1, 'Annecy Centre', 45.9, 6.12)], new Set(['Seynod']));
    expect(ids.map((z) => z.name)).toEqual(['Annecy Centre', 'Seynod 2', 'Zone 3']);
  });

  it('names a zone far from every existing one after its main town, unless it lies within a large existing zone', () => {
    const far = [zone(0, 45.9, 6.12, 'Annecy'), zone(1, 46.07, 6.4, 'Bonneville')];
    expect(nameZones(far, [existing(1, 'Annecy Centre', 45.9, 6.12)]).map((z) => z.name)).toEqual(['Annecy Centre', 'Bonneville']);
    const wide = [existing(1, 'Annecy Centre', 45.9, 6.12), existing(2, 'Hors agglomération', 45.88, 6.17, null, 30)];
    expect(nameZones(far, wide).map((z) => z.name)).toEqual(['Annecy Centre', 'Hors agglomération']);
  });

  it('uses the ids 1..k even when the nearest existing zone has a larger id', () => {
    const ids = nameZones([zone(0, 45.86, 5.94)], OLD);
    expect(ids).toMatchObject([{ zoneId: 1, name: 'Rumilly', from: { zoneId: 3 } }]);
  });
});
