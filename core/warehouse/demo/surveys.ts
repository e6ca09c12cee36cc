/**
 * The satisfaction survey of an intervention: sent at J+2 around 10:00 Paris (Sunday → Monday), a
 * reminder two days later, answered by ~40 % of clients, answers consistent with the technician's note.
 */
import { dateId } from '../calendar.ts';
import { isoOf, parisDateTime, weekday } from './days.ts';
import type { ClientSim } from './model.ts';
import { sigmoid, type Rng } from './rng.ts';
import { inserter } from './sql.ts';
import { COMMENTAIRES_DELAI_NEGATIFS, COMMENTAIRES_NEGATIFS, COMMENTAIRES_POSITIFS, COMMENTAIRES_PROBLEME_NEGATIFS, SUGGESTIONS } from './texts.ts';
import type { Db } from '../db.ts';

const COLUMNS = [
  'satisfaction_id', 'source_ref', 'intervention_id', 'client_id', 'technicien_id', 'date_id', 'canal', 'statut', 'envoye_at', 'relance_at',
  'repondu_at', 'nps', 'professionnel', 'professionnel_commentaire', 'delai_respecte', 'delai_commentaire', 'probleme_resolu',
  'probleme_commentaire', 'suggestion',
] as const;

export interface SurveyInput {
  readonly interventionId: number;
  readonly ref: string;
  readonly client: ClientSim;
  readonly technicienId: number;
  /** day of the intervention */
  readonly day: number;
  /** the note the client gave (or would have given) 1..5 */
  readonly note: number;
  readonly late: boolean;
  readonly resolu: boolean;
}

/** nps weights for 0..10 by note 1..5 */
const NPS_BY_NOTE: readonly (readonly number[])[] = [
  [30, 25, 20, 15, 5, 5, 0, 0, 0, 0, 0],
  [5, 10, 20, 25, 20, 15, 5, 0, 0, 0, 0],
  [0, 0, 2, 5, 13, 25, 30, 20, 5, 0, 0],
  [0, 0, 0, 0, 0, 2, 6, 22, 40, 22, 8],
  [0, 0, 0, 0, 0, 0, 1, 3, 10, 33, 53],
];

export class SurveyWriter {
  private readonly insert: (values: readonly unknown[]) => void;
  private nextId = 1;

  constructor(
    db: Db,
    private readonly rng: Rng,
    private readonly today: number,
  ) {
    this.insert = inserter(db, 'fact_satisfaction', COLUMNS);
  }

  get count(): number {
    return this.nextId - 1;
  }

  /** Writes the survey of an intervention (if the client can be reached) and updates the client's stats. */
  write(s: SurveyInput): void {
    const { rng, today } = this;
    const c = s.client;
    const canal = c.hasPhone && (!c.hasEmail || rng.chance(0.88)) ? 'sms' : c.hasEmail ? 'web' : null;
    if (!canal) return;
    const id = this.nextId++;
    const ref = s.ref.replace(/^INT-/, 'ENQ-');
    if (canal === 'sms' && c.smsOptOut) {
      this.insert([id, ref, s.interventionId, c.id, s.technicienId, null, canal, 'desinscrit', ...nulls(11)]);
      return;
    }
    let sent = s.day + 2;
    if (weekday(sent) === 6) sent += 1;
    if (sent > today) {
      this.insert([id, ref, s.interventionId, c.id, s.technicienId, null, canal, 'planifie', ...nulls(11)]);
      return;
    }
    c.stats.sent++;
    const sentMin = 600 + rng.int(0, 20);
    const envoye = parisDateTime(sent, sentMin);
    const sentDateId = dateId(isoOf(sent));
    const remindDay = sent + 2;
    const expired = sent + 7 <= today;
    const answers = rng.chance(sigmoid(-0.405 + 0.85 * c.engagement + 0.3 * (s.note - 4.2)));
    if (!answers) {
      const relance = remindDay <= today ? parisDateTime(remindDay, 600 + rng.int(0, 20)) : null;
      this.insert([id, ref, s.interventionId, c.id, s.technicienId, sentDateId, canal, expired ? 'expire' : 'envoye', envoye, relance, ...nulls(9)]);
      return;
    }
    const early = rng.chance(0.7);
    const answerDay = early ? sent : remindDay;
    const answerMin = Math.min(23 * 60 + 59, early ? sentMin + rng.int(2, 300) : 600 + rng.int(25, 400));
    const relance = early || remindDay > today ? null : parisDateTime(remindDay, 600 + rng.int(0, 20));
    if (answerDay > today) {
      this.insert([id, ref, s.interventionId, c.id, s.technicienId, sentDateId, canal, 'envoye', envoye, relance, ...nulls(9)]);
      return;
    }
    const repondu = parisDateTime(answerDay, answerMin);
    const nps = rng.weighted(NPS_BY_NOTE[s.note - 1]!);
    if (rng.chance(0.04)) {
      // stopped after the first question
      this.insert([id, ref, s.interventionId, c.id, s.technicienId, sentDateId, canal, expired ? 'expire' : 'en_cours', envoye, relance, repondu, nps, ...nulls(7)]);
      return;
    }
    c.stats.answered++;
    const professionnel = s.note >= 3 ? rng.chance(0.96) : rng.chance(0.3);
    const delai = s.late ? rng.chance(0.2) : rng.chance(0.93);
    const resolu = s.resolu ? rng.chance(0.96) : rng.chance(0.15);
    const proComment = professionnel ? (rng.chance(0.15) ? rng.pick(COMMENTAIRES_POSITIFS) : null) : rng.chance(0.6) ? rng.pick(COMMENTAIRES_NEGATIFS) : null;
    const delaiComment = delai ? (rng.chance(0.05) ? 'Rendez-vous respecté.' : null) : rng.chance(0.5) ? rng.pick(COMMENTAIRES_DELAI_NEGATIFS) : null;
    const resoluComment = resolu ? null : rng.chance(0.5) ? rng.pick(COMMENTAIRES_PROBLEME_NEGATIFS) : null;
    const suggestion = rng.chance(0.12) ? rng.pick(SUGGESTIONS) : null;
    this.insert([
      id, ref, s.interventionId, c.id, s.technicienId, sentDateId, canal, 'complete', envoye, relance, repondu, nps,
      professionnel ? 1 : 0, proComment, delai ? 1 : 0, delaiComment, resolu ? 1 : 0, resoluComment, suggestion,
    ]);
  }
}

function nulls(n: number): null[] {
  return new Array<null>(n).fill(null);
}
