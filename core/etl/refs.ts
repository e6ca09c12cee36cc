import haversine from 'haversine';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../warehouse/db.ts';
import { dateId, ensureCalendar } from '../warehouse/calendar.ts';
import { RowError } from './types.ts';

export interface ClientRef {
  readonly client_id: number;
  readonly zone_id: number;
  readonly source_ref: string | null;
}
export interface TypeRef {
  readonly type_intervention_id: number;
  readonly duree_standard_min: number;
}
export interface InterventionRef {
  readonly intervention_id: number;
  readonly source_ref: string;
  readonly client_id: number;
  readonly technicien_id: number;
  readonly heure_arrivee: string | null;
  readonly heure_depart: string | null;
  readonly duree_prevue_min: number;
}

const isId = (v: string): boolean => /^\d+$/.test(v);

/**
 * Resolves the references of source rows to warehouse keys (within the batch's transaction, so rows
 * loaded earlier in the same batch are found). Each miss is a RowError naming the field and the value.
 * Clients, technicians, types, zones and contracts found are remembered for the batch (clients load before
 * the facts that name them, and nothing else changes them); `forget()` after a rolled-back row.
 */
export class Refs {
  private readonly knownDates = new Set<number>();
  private zones: { zone_id: number; latitude: number; longitude: number }[] | null = null;
  private readonly statements = new Map<string, Statement>();
  /** lookups already answered in this batch, by kind and value */
  private readonly memo = new Map<string, unknown>();
  /**
   * Set-based loads (core/etl/set-load.ts): rows of a table staged and not written yet. A lookup that finds
   * nothing asks `pending(table, value)`; when the value names a staged row, the stage is written first
   * (the answer is then true) and the lookup runs again, so a row can name one loaded earlier in its file.
   */
  pending: ((table: string, value: string) => boolean) | null = null;

  constructor(private readonly db: Db) {}

  private one<T>(sql: string, ...params: unknown[]): T | undefined {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)));
    return st.get(...params) as T | undefined;
  }

  /**
   * Reads the reference tables at once (one query each): clients, technicians, intervention types, zones and
   * the calendar's days, remembered as lookups already answered. For set-based loads of many rows, where one
   * lookup per distinct value would be a round trip each; a value not found this way is still looked up.
   */
  preload(): void {
    const all = <T>(sql: string): T[] => this.db.prepare(sql).all() as T[];
    for (const c of all<ClientRef>('SELECT client_id, zone_id, source_ref FROM dim_clients')) this.memo.set(`client:${c.client_id}`, c);
    for (const c of all<ClientRef>('SELECT client_id, zone_id, source_ref FROM dim_clients WHERE source_ref IS NOT NULL')) this.memo.set(`client:${c.source_ref}`, c); // a source_ref wins over an id, as in client()
    for (const t of all<{ id: number; email: string }>('SELECT technicien_id AS id, email FROM dim_techniciens')) {
      this.memo.set(`technicien:${t.id}`, { id: t.id });
      this.memo.set(`technicien:${t.email.toLowerCase()}`, { id: t.id });
    }
    const types = all<TypeRef & { code: string }>('SELECT type_intervention_id, duree_standard_min, code FROM dim_types_intervention');
    const typeRef = (t: TypeRef): TypeRef => ({ type_intervention_id: t.type_intervention_id, duree_standard_min: t.duree_standard_min });
    for (const t of types) this.memo.set(`type:${t.type_intervention_id}`, typeRef(t));
    for (const t of types) this.memo.set(`type:${t.code}`, typeRef(t)); // a code wins over an id, as in type()
    for (const z of all<{ id: number; name: string }>('SELECT zone_id AS id, nom_zone AS name FROM dim_zones')) {
      this.memo.set(`zone:${z.id}`, { id: z.id });
      if (!isId(z.name)) this.memo.set(`zone:${z.name}`, { id: z.id }); // a number is looked up as an id
    }
    for (const d of all<{ id: number }>('SELECT date_id AS id FROM dim_temps')) this.knownDates.add(d.id);
  }

  /** After a row is rolled back: what it added (a calendar day) may be gone. */
  forget(): void {
    this.knownDates.clear();
    this.memo.clear();
  }

  private cached<T>(key: string, find: () => T | undefined): T | undefined {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const hit = find();
    if (hit !== undefined) this.memo.set(key, hit);
    return hit;
  }

  /** find(), and once more after the staged rows of `table` are written when `value` names one of them */
  private orStaged<T>(table: string, value: string, find: () => T | undefined): T | undefined {
    const hit = find();
    if (hit !== undefined || !this.pending?.(table, value)) return hit;
    return find();
  }

  /** by source_ref (`C000123`), else by client_id when the value is a number */
  client(value: string, field = 'client'): ClientRef {
    const cols = 'client_id, zone_id, source_ref';
    const hit = this.cached(`client:${value}`, () =>
      this.orStaged(
        'dim_clients',
        value,
        () =>
          this.one<ClientRef>(`SELECT ${cols} FROM dim_clients WHERE source_ref = ?`, value) ??
          (isId(value) ? this.one<ClientRef>(`SELECT ${cols} FROM dim_clients WHERE client_id = ?`, Number(value)) : undefined),
      ),
    );
    if (!hit) throw new RowError(`${field}: no client with source_ref or client_id "${value}"`);
    return hit;
  }

  /** by technicien_id, else by e-mail */
  technicien(value: string, field = 'technicien'): number {
    const hit = this.cached(`technicien:${value}`, () =>
      isId(value)
        ? this.one<{ id: number }>('SELECT technicien_id AS id FROM dim_techniciens WHERE technicien_id = ?', Number(value))
        : this.one<{ id: number }>('SELECT technicien_id AS id FROM dim_techniciens WHERE lower(email) = lower(?)', value),
    );
    if (!hit) throw new RowError(`${field}: no technician with ${isId(value) ? 'technicien_id' : 'e-mail'} "${value}"`);
    return hit.id;
  }

  /** by code (`DEP_TABLEAU`), else by type_intervention_id */
  type(value: string, field = 'type_intervention'): TypeRef {
    const cols = 'type_intervention_id, duree_standard_min';
    const hit = this.cached(
      `type:${value}`,
      () =>
        this.one<TypeRef>(`SELECT ${cols} FROM dim_types_intervention WHERE lower(code) = lower(?)`, value) ??
        (isId(value) ? this.one<TypeRef>(`SELECT ${cols} FROM dim_types_intervention WHERE type_intervention_id = ?`, Number(value)) : undefined),
    );
    if (!hit) throw new RowError(`${field}: no intervention type with code or id "${value}"`);
    return hit;
  }

  /** by zone_id, else by name (`Annecy`) */
  zone(value: string, field = 'zone'): number {
    const hit = this.cached(`zone:${value}`, () =>
      isId(value)
        ? this.one<{ id: number }>('SELECT zone_id AS id FROM dim_zones WHERE zone_id = ?', Number(value))
        : this.one<{ id: number }>('SELECT zone_id AS id FROM dim_zones WHERE lower(nom_zone) = lower(?)', value),
    );
    if (!hit) throw new RowError(`${field}: no zone with ${isId(value) ? 'zone_id' : 'name'} "${value}"`);
    return hit.id;
  }

  /** The zone whose centre is nearest, or null when there is no zone at all. */
  nearestZone(latitude: number, longitude: number): number | null {
    this.zones ??= this.db.prepare('SELECT zone_id, latitude_centre AS latitude, longitude_centre AS longitude FROM dim_zones').all() as {
      zone_id: number;
      latitude: number;
      longitude: number;
    }[];
    let best: { id: number; km: number } | null = null;
    for (const z of this.zones) {
      const km = haversine({ latitude, longitude }, z);
      if (!best || km < best.km) best = { id: z.zone_id, km };
    }
    return best?.id ?? null;
  }

  /** by source_ref, else by contrat_id */
  contrat(value: string, field = 'contrat'): number {
    const hit = this.cached(`contrat:${value}`, () =>
      this.orStaged(
        'fact_contrats',
        value,
        () =>
          this.one<{ id: number }>('SELECT contrat_id AS id FROM fact_contrats WHERE source_ref = ?', value) ??
          (isId(value) ? this.one<{ id: number }>('SELECT contrat_id AS id FROM fact_contrats WHERE contrat_id = ?', Number(value)) : undefined),
      ),
    );
    if (!hit) throw new RowError(`${field}: no contract with source_ref or contrat_id "${value}"`);
    return hit.id;
  }

  /** by source_ref, else by intervention_id */
  intervention(value: string, field = 'intervention'): InterventionRef {
    const hit = this.orStaged('fact_interventions', value, () => this.findIntervention(value));
    if (!hit) throw new RowError(`${field}: no intervention with source_ref or intervention_id "${value}"`);
    return hit;
  }

  findIntervention(value: string): InterventionRef | undefined {
    const cols = 'intervention_id, source_ref, client_id, technicien_id, heure_arrivee, heure_depart, duree_prevue_min';
    return (
      this.one<InterventionRef>(`SELECT ${cols} FROM fact_interventions WHERE source_ref = ?`, value) ??
      (isId(value) ? this.one<InterventionRef>(`SELECT ${cols} FROM fact_interventions WHERE intervention_id = ?`, Number(value)) : undefined)
    );
  }

  /** The dim_temps key of an ISO date, adding the day to the calendar when missing. */
  dateId(isoDate: string): number {
    const id = dateId(isoDate);
    if (!this.knownDates.has(id)) {
      if (!this.one('SELECT 1 FROM dim_temps WHERE date_id = ?', id)) ensureCalendar(this.db, isoDate, isoDate);
      this.knownDates.add(id);
    }
    return id;
  }
}
