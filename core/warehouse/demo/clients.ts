/**
 * Clients: households (~75 %) and businesses around the real communes of each zone, with unique French
 * mobile numbers, a segment, and for most of them a maintenance contract history.
 */
import type { Db } from '../db.ts';
import { addYears } from './days.ts';
import type { ContractBook, Formule } from './contracts.ts';
import { emptyStats, offsetKm, type ClientSim } from './model.ts';
import { ZONES, slug } from './reference.ts';
import type { Rng } from './rng.ts';
import { inserter } from './sql.ts';
import { COMPANY_PATTERNS, EMAIL_DOMAINS, LIEUX, NOMS, PRENOMS_F, PRENOMS_M } from './texts.ts';

const COLUMNS = [
  'client_id', 'source_ref', 'nom', 'prenom', 'type', 'segment', 'adresse', 'code_postal', 'ville', 'latitude', 'longitude',
  'zone_id', 'telephone', 'email', 'langue', 'sms_opt_out',
] as const;

const SEGMENTS = ['Bronze', 'Argent', 'Or'] as const;
/** Or is mostly for businesses (bigger contracts). */
const SEGMENT_WEIGHTS = { particulier: [60, 32, 8], pro: [25, 40, 35] } as const;
const CONTRACT_SHARE = { Bronze: 0.7, Argent: 0.85, Or: 0.95 } as const;
const FORMULES: Record<(typeof SEGMENTS)[number], readonly [Formule, number][]> = {
  Bronze: [['Essentiel', 75], ['Confort', 25]],
  Argent: [['Essentiel', 20], ['Confort', 70], ['Premium', 10]],
  Or: [['Confort', 30], ['Premium', 70]],
};
const BASE_PRICE: Record<Formule, number> = { Essentiel: 159, Confort: 259, Premium: 429 };

export interface ClientSpan {
  /** first day of the simulated window */
  readonly from: number;
  /** today (day number) */
  readonly today: number;
}

/** Generates `n` clients, writes dim_clients, and opens their contract periods in `book`. */
export function generateClients(db: Db, rng: Rng, n: number, span: ClientSpan, book: ContractBook): ClientSim[] {
  const insert = inserter(db, 'dim_clients', COLUMNS);
  const phones = new Set<string>();
  const emails = new Set<string>();
  const zoneWeights = ZONES.map((z) => z.poids);
  const clients: ClientSim[] = [];
  for (let id = 1; id <= n; id++) {
    const zone = ZONES[rng.weighted(zoneWeights)]!;
    const commune = zone.communes[rng.weighted(zone.communes.map((c) => c.poids))]!;
    const [lat, lon] = scatter(rng, commune.latitude, commune.longitude, commune.dispersion_km);
    const pro = rng.chance(0.25);
    const segment = SEGMENTS[rng.weighted(pro ? SEGMENT_WEIGHTS.pro : SEGMENT_WEIGHTS.particulier)]!;
    const female = rng.chance(0.5);
    const prenom = female ? rng.pick(PRENOMS_F) : rng.pick(PRENOMS_M);
    const surname = rng.pick(NOMS);
    const nom = pro ? companyName(rng, surname) : surname;
    const adresse = `${rng.int(1, 120)}${rng.chance(0.05) ? ' bis' : ''} ${rng.pick(commune.rues)}`;
    const telephone = rng.chance(0.03) ? null : uniquePhone(rng, phones);
    const email = pro ? uniqueEmail(`contact@${slug(nom).replace(/\.+/g, '')}`, '.fr', emails) : rng.chance(0.08) ? null : uniqueEmail(`${slug(prenom)}.${slug(surname)}`, `@${rng.pick(EMAIL_DOMAINS)}`, emails);
    const sourceRef = `C${String(id).padStart(6, '0')}`;
    const smsOptOut = rng.chance(0.02);
    insert([id, sourceRef, nom, pro ? null : prenom, pro ? 'Professionnel' : 'Particulier', segment, adresse, commune.code_postal, commune.ville, lat, lon, zone.zone_id, telephone, email, rng.chance(0.03) ? 'en' : 'fr', smsOptOut ? 1 : 0]);

    const acquiredInWindow = rng.chance(0.22);
    const since = acquiredInWindow ? rng.int(span.from, Math.max(span.from, span.today - 7)) : span.from - rng.int(60, 2000);
    const client: ClientSim = {
      id, sourceRef, zoneId: zone.zone_id, lat, lon, pro, segment,
      hasPhone: telephone !== null, hasEmail: email !== null, smsOptOut, since,
      humeur: rng.normal(), engagement: rng.normal(),
      period: null, churned: false, stats: emptyStats(),
    };
    clients.push(client);
    if (rng.chance(CONTRACT_SHARE[segment])) openHistory(rng, book, client, acquiredInWindow, span.from);
  }
  return clients;
}

/** The contract chain: older clients get up to 4 past renewed periods before the one running at `from`. */
function openHistory(rng: Rng, book: ContractBook, client: ClientSim, acquiredInWindow: boolean, from: number): void {
  const formules = FORMULES[client.segment];
  const formule = formules[rng.weighted(formules.map((f) => f[1]))]![0];
  let montant = (BASE_PRICE[formule] + rng.int(0, 4) * 10) * (client.pro ? rng.pick([2.5, 3, 4, 5]) : 1);
  if (acquiredInWindow) {
    book.open(client, client.since, formule, montant, 0, null);
    return;
  }
  const current = from - rng.int(0, 364);
  const past = rng.weighted([30, 25, 20, 15, 10]);
  let precedent: number | null = null;
  for (let k = past; k >= 1; k--) {
    precedent = book.open(client, addYears(current, -k), formule, montant / Math.pow(1.03, k), past - k, precedent, 'renouvele').id;
  }
  book.open(client, current, formule, montant, past, precedent);
}

/** A point around a commune centre: Gaussian scatter, clipped at 2.5 σ. */
function scatter(rng: Rng, lat: number, lon: number, sigmaKm: number): [number, number] {
  const north = Math.max(-2.5, Math.min(2.5, rng.normal())) * sigmaKm;
  const east = Math.max(-2.5, Math.min(2.5, rng.normal())) * sigmaKm;
  return offsetKm(lat, lon, north, east);
}

function companyName(rng: Rng, surname: string): string {
  return rng.pick(COMPANY_PATTERNS).replace('{nom}', surname).replace('{lieu}', rng.pick(LIEUX));
}

/** A French mobile number in E.164, never given twice: +336xxxxxxxx or +3373…+3378. */
function uniquePhone(rng: Rng, taken: Set<string>): string {
  for (;;) {
    const p = rng.chance(0.7) ? `+336${String(rng.int(0, 99_999_999)).padStart(8, '0')}` : `+337${rng.int(3, 8)}${String(rng.int(0, 9_999_999)).padStart(7, '0')}`;
    if (!taken.has(p)) {
      taken.add(p);
      return p;
    }
  }
}

function uniqueEmail(local: string, domain: string, taken: Set<string>): string {
  let e = `${local}${domain}`;
  for (let k = 2; taken.has(e); k++) e = `${local}${k}${domain}`;
  taken.add(e);
  return e;
}
