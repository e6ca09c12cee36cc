/**
 * Money assumptions of the ROI card, from the environment (defaults in parentheses):
 * - SAV_COST_PER_KM (0.50): € per km driven by a service van (fuel, wear, insurance);
 * - SAV_TECHNICIAN_HOURLY_COST (45): € per hour of a technician, loaded;
 * - SAV_AVERAGE_SPEED_KMH (40): mean road speed between two clients, to turn km into driving time.
 * The seed's yearly targets (zoning 15 k€, retention 20 k€, planning 10 k€) are constants.
 */
import { z } from 'zod';

export interface KpiConfig {
  costPerKm: number;
  technicianHourlyCost: number;
  averageSpeedKmh: number;
}

export const DEFAULT_KPI_CONFIG: KpiConfig = { costPerKm: 0.5, technicianHourlyCost: 45, averageSpeedKmh: 40 };

/** The seed's yearly savings targets, €. */
export const ROI_TARGETS = { zoning: 15_000, retention: 20_000, planning: 10_000 } as const;

const positive = (name: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+(?:[.,]\d+)?$/, `${name} : nombre positif attendu (ex. 0.50)`)
    .transform((s) => Number(s.replace(',', '.')))
    .pipe(z.number().positive(`${name} doit être > 0`));

/** Reads the ROI assumptions; a bad value is an error naming the variable. */
export function loadKpiConfig(env: NodeJS.ProcessEnv = process.env): KpiConfig {
  const read = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const r = positive(name).safeParse(raw);
    if (!r.success) throw new Error(`${name}="${raw}" : ${r.error.issues[0]?.message ?? 'valeur invalide'}`);
    return r.data;
  };
  return {
    costPerKm: read('SAV_COST_PER_KM', DEFAULT_KPI_CONFIG.costPerKm),
    technicianHourlyCost: read('SAV_TECHNICIAN_HOURLY_COST', DEFAULT_KPI_CONFIG.technicianHourlyCost),
    averageSpeedKmh: read('SAV_AVERAGE_SPEED_KMH', DEFAULT_KPI_CONFIG.averageSpeedKmh),
  };
}
