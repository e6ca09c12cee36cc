/** In-memory state the generator's steps share while they write the demo warehouse. */
import type { Specialite, TypeInterventionRef } from './reference.ts';

export interface Period {
  readonly id: number;
  readonly clientId: number;
  readonly start: number;
  readonly end: number;
  readonly formule: 'Essentiel' | 'Confort' | 'Premium';
  readonly montant: number;
  readonly numero: number;
  readonly precedentId: number | null;
}

/** Running counts over the current contract period: the churn drivers. */
export interface PeriodStats {
  n: number;
  sumNote: number;
  nNotes: number;
  complaints: number;
  late: number;
  sent: number;
  answered: number;
}

export interface ClientSim {
  readonly id: number;
  readonly sourceRef: string;
  readonly zoneId: number;
  readonly lat: number;
  readonly lon: number;
  readonly pro: boolean;
  readonly segment: 'Bronze' | 'Argent' | 'Or';
  readonly hasPhone: boolean;
  readonly hasEmail: boolean;
  readonly smsOptOut: boolean;
  /** first day the client exists (day number) */
  readonly since: number;
  /** latent mood: how the client tends to rate (N(0,1)) */
  readonly humeur: number;
  /** latent engagement: how often the client answers surveys (N(0,1)) */
  readonly engagement: number;
  period: Period | null;
  churned: boolean;
  stats: PeriodStats;
}

export interface TechSim {
  readonly id: number;
  readonly zoneId: number;
  readonly specialites: readonly Specialite[];
  /** added to the latent satisfaction of its interventions */
  readonly qualite: number;
  /** multiplies its big overruns */
  readonly depassement: number;
  readonly baseLat: number;
  readonly baseLon: number;
}

export interface DayInfo {
  readonly iso: string;
  readonly dateId: number;
  readonly weekday: number;
  readonly ferie: boolean;
}

export type TypeRef = TypeInterventionRef;

export const emptyStats = (): PeriodStats => ({ n: 0, sumNote: 0, nNotes: 0, complaints: 0, late: 0, sent: 0, answered: 0 });

const KM_PER_DEG_LAT = 110.57;

/** Straight-line distance (equirectangular; < 0.1 % off at these distances), km. */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dy = (lat2 - lat1) * KM_PER_DEG_LAT;
  const dx = (lon2 - lon1) * 111.32 * Math.cos(((lat1 + lat2) / 2) * (Math.PI / 180));
  return Math.sqrt(dx * dx + dy * dy);
}

/** Road km from straight-line km (mountain valleys and lake shores: ×1.35). */
export const roadKm = (lat1: number, lon1: number, lat2: number, lon2: number): number => distanceKm(lat1, lon1, lat2, lon2) * 1.35;

export const round2 = (x: number): number => Math.round(x * 100) / 100;
export const round1 = (x: number): number => Math.round(x * 10) / 10;

/** Moves a point by (north, east) km. */
export function offsetKm(lat: number, lon: number, northKm: number, eastKm: number): [number, number] {
  const nlat = lat + northKm / KM_PER_DEG_LAT;
  const nlon = lon + eastKm / (111.32 * Math.cos(lat * (Math.PI / 180)));
  return [Math.round(nlat * 1e6) / 1e6, Math.round(nlon * 1e6) / 1e6];
}
