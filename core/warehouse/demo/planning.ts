/**
 * What is still to do at "today": every technician's next 10 working days (4–7 stops a day, in a
 * plausible but not optimised order), the pool of jobs still to plan, and the client portal requests.
 */
import { calendarDay } from '../calendar.ts';
import type { Db } from '../db.ts';
import { ClientPicker, monthlyTypeChoices } from './activity.ts';
import { isoOf, monthOf, parisDateTime, weekday } from './days.ts';
import type { DayInfo, TechSim, TypeRef } from './model.ts';
import { TYPES_INTERVENTION } from './reference.ts';
import type { Rng } from './rng.ts';
import { inserter } from './sql.ts';
import { DESCRIPTIONS_PORTAIL } from './texts.ts';

const PLANNED_COLUMNS = [
  'planned_id', 'source_ref', 'client_id', 'type_intervention_id', 'zone_id', 'technicien_id', 'date_prevue', 'ordre', 'fenetre_debut',
  'fenetre_fin', 'duree_prevue_min', 'date_demande', 'date_echeance', 'urgence', 'statut', 'origine', 'gratuite', 'notes', 'intervention_id',
] as const;
const PORTAL_COLUMNS = ['request_id', 'source_ref', 'client_id', 'type_intervention_id', 'date_demande', 'date_souhaitee', 'creneau', 'description', 'statut', 'planned_id'] as const;

const URGENCES = ['normale', 'urgente', 'critique'] as const;
const ORIGINES = ['erp', 'contrat', 'portail', 'enquete'] as const;
const NOTES = ['Prévenir 30 min avant.', 'Accès par le garage.', 'Chien dans le jardin.', 'Code portail au dos du contrat.', 'Client absent le matin, clé chez le voisin.'];
export const PLANNING_DAYS = 10;
/** planned work per day, travel aside */
const DAY_WORK_MIN = 390;

export interface PlanningInput {
  readonly db: Db;
  readonly rng: Rng;
  readonly days: ReadonlyMap<number, DayInfo>;
  readonly today: number;
  readonly picker: ClientPicker;
  readonly techs: readonly TechSim[];
  /** clients / 400: scales the pools with the size of the demo */
  readonly scale: number;
}

export interface PlanningCounts {
  readonly planned: number;
  readonly aPlanifier: number;
  readonly portal: number;
}

interface PortalDraft {
  client_id: number;
  type: TypeRef | null;
  demande: string;
  souhaitee: string;
  creneau: 'matin' | 'apres-midi' | 'journee';
  statut: 'a_valider' | 'valide' | 'annule';
  planned_id: number | null;
}

/** The next `count` working days (Mon–Fri, not a public holiday) from `today` included. */
export function nextWorkingDays(days: ReadonlyMap<number, DayInfo>, today: number, count: number): number[] {
  const out: number[] = [];
  for (let d = today; out.length < count; d++) {
    const info = days.get(d) ?? toInfo(d);
    if (info.weekday < 5 && !info.ferie) out.push(d);
  }
  return out;
}

function toInfo(d: number): DayInfo {
  const c = calendarDay(isoOf(d));
  return { iso: c.date, dateId: c.date_id, weekday: weekday(d), ferie: c.est_ferie === 1 };
}

export function generatePlanning(input: PlanningInput): PlanningCounts {
  const { db, rng, today, picker, techs, scale } = input;
  const insert = inserter(db, 'planned_interventions', PLANNED_COLUMNS);
  const year = isoOf(today).slice(0, 4);
  const month = monthOf(today);
  let nextId = 1;
  const ref = (): string => `PLN-${year}-${String(nextId).padStart(6, '0')}`;
  const portal: PortalDraft[] = [];
  const workingDays = nextWorkingDays(input.days, today, PLANNING_DAYS);

  for (const tech of techs) {
    const choice = monthlyTypeChoices(tech.specialites)[month - 1]!;
    for (const day of workingDays) {
      const n = rng.int(4, 7);
      let load = 0;
      for (let k = 0; k < n; k++) {
        const client = picker.pick(tech, today);
        if (!client) break;
        const type = choice.types[rng.weighted(choice.weights)]!;
        // a planner keeps the day near the 8 h capacity (travel included)
        if (k >= 4 && load + type.duree_standard_min > DAY_WORK_MIN) break;
        load += type.duree_standard_min;
        const urgence = URGENCES[rng.weighted([80, 15, 5])]!;
        const origine = ORIGINES[rng.weighted([45, 30, 15, 10])]!;
        const window = rng.chance(0.5) ? windowFor(k / n) : null;
        const demande = today - (urgence === 'normale' ? rng.int(1, 30) : rng.int(0, 3));
        const echeance = day + (urgence === 'normale' ? rng.int(0, 10) : urgence === 'urgente' ? rng.int(0, 2) : 0);
        const id = nextId;
        insert([
          id, ref(), client.id, type.type_intervention_id, client.zoneId, tech.id, isoOf(day), k + 1, window?.[0] ?? null, window?.[1] ?? null,
          type.duree_standard_min + (client.pro && rng.chance(0.3) ? 15 : 0), isoOf(demande), isoOf(echeance), urgence, 'planifie', origine,
          origine === 'enquete' ? 1 : 0, origine === 'enquete' ? 'Reprise suite à l’enquête de satisfaction.' : rng.chance(0.12) ? rng.pick(NOTES) : null, null,
        ]);
        nextId++;
        if (origine === 'portail') {
          portal.push({
            client_id: client.id, type, demande: requestTime(rng, demande, today), souhaitee: isoOf(day),
            creneau: window ? (window[0] < '12:00' ? 'matin' : 'apres-midi') : 'journee', statut: 'valide', planned_id: id,
          });
        }
      }
    }
  }
  const planned = nextId - 1;

  // the pool for the weekly planning: no technician, no day yet
  const poolSize = Math.round(rng.int(25, 40) * Math.max(1, techs.length / 5));
  const allWeights = TYPES_INTERVENTION.map((t) => t.poids * (t.saison?.[month - 1] ?? 1));
  for (let k = 0; k < poolSize; k++) {
    const client = picker.pick(null, today);
    if (!client) break;
    const type = TYPES_INTERVENTION[rng.weighted(allWeights)]!;
    const urgence = URGENCES[rng.weighted([60, 28, 12])]!;
    const origine = ORIGINES[rng.weighted([40, 30, 20, 10])]!;
    const window = rng.chance(0.3) ? windowFor(rng.next()) : null;
    const echeance = today + (urgence === 'critique' ? rng.int(1, 3) : urgence === 'urgente' ? rng.int(2, 7) : rng.int(4, 14));
    const demande = today - rng.int(0, 20);
    insert([
      nextId, ref(), client.id, type.type_intervention_id, client.zoneId, null, null, null, window?.[0] ?? null, window?.[1] ?? null,
      type.duree_standard_min + (client.pro && rng.chance(0.3) ? 15 : 0), isoOf(demande), isoOf(echeance), urgence, 'a_planifier', origine,
      origine === 'enquete' ? 1 : 0, origine === 'enquete' ? 'Reprise suite à l’enquête de satisfaction.' : null, null,
    ]);
    if (origine === 'portail') {
      portal.push({
        client_id: client.id, type, demande: requestTime(rng, demande, today), souhaitee: isoOf(echeance),
        creneau: 'journee', statut: 'valide', planned_id: nextId,
      });
    }
    nextId++;
  }

  // older requests (last two months), already handled, and the ones waiting for validation
  for (let w = 0; w < 9; w++) {
    const n = Math.round(rng.int(2, 6) * scale);
    for (let k = 0; k < n; k++) {
      const day = today - 63 + 7 * w + rng.int(0, 6);
      if (day > today - 4) continue;
      const client = picker.pick(null, day);
      if (!client) continue;
      portal.push({
        client_id: client.id, type: rng.chance(0.8) ? rng.pick(TYPES_INTERVENTION) : null, demande: parisDateTime(day, rng.int(420, 1379)),
        souhaitee: isoOf(day + rng.int(3, 21)), creneau: rng.pick(['matin', 'apres-midi', 'journee'] as const), statut: rng.chance(0.85) ? 'valide' : 'annule', planned_id: null,
      });
    }
  }
  const pending = Math.max(3, Math.round(rng.int(3, 8) * scale));
  for (let k = 0; k < pending; k++) {
    const day = today - rng.int(1, 3);
    const client = picker.pick(null, day);
    if (!client) continue;
    portal.push({
      client_id: client.id, type: rng.chance(0.8) ? rng.pick(TYPES_INTERVENTION) : null, demande: parisDateTime(day, rng.int(420, 1379)),
      souhaitee: isoOf(today + rng.int(2, 14)), creneau: rng.pick(['matin', 'apres-midi', 'journee'] as const), statut: 'a_valider', planned_id: null,
    });
  }
  writePortal(db, rng, portal);
  return { planned, aPlanifier: nextId - 1 - planned, portal: portal.length };
}

function writePortal(db: Db, rng: Rng, drafts: PortalDraft[]): void {
  const insert = inserter(db, 'portal_requests', PORTAL_COLUMNS);
  const sorted = drafts.map((d, i) => ({ d, i })).sort((a, b) => (a.d.demande < b.d.demande ? -1 : a.d.demande > b.d.demande ? 1 : a.i - b.i));
  const seq = new Map<string, number>();
  sorted.forEach(({ d }, i) => {
    const year = d.demande.slice(0, 4);
    const n = (seq.get(year) ?? 0) + 1;
    seq.set(year, n);
    const descriptions = d.type ? DESCRIPTIONS_PORTAIL[d.type.specialite_requise] : undefined;
    const description = descriptions ? rng.pick(descriptions) : 'Demande de rendez-vous pour un contrôle.';
    insert([i + 1, `WEB-${year}-${String(n).padStart(6, '0')}`, d.client_id, d.type?.type_intervention_id ?? null, d.demande, d.souhaitee, d.creneau, description, d.statut, d.planned_id]);
  });
}

/** When a portal request was sent: any time from 07:00 to 23:00, early morning if it is today. */
function requestTime(rng: Rng, day: number, today: number): string {
  return parisDateTime(day, day < today ? rng.int(420, 1379) : rng.int(360, 449));
}

/** An appointment window that fits a stop's position in the day (0 = first, →1 = last). */
function windowFor(position: number): readonly [string, string] {
  if (position < 0.34) return ['08:00', '10:00'];
  if (position < 0.5) return ['10:00', '12:00'];
  if (position < 0.75) return ['14:00', '16:00'];
  return ['16:00', '18:00'];
}
