/**
 * The renewal decision at the end of a contract period. Churn is a noisy logistic function of what the
 * client lived during the period — low satisfaction, complaints, late interventions, few survey answers —
 * so a churn model trained on the warehouse has a real (but not perfect) signal to learn.
 */
import type { ContractBook } from './contracts.ts';
import type { ClientSim } from './model.ts';
import { sigmoid, type Rng } from './rng.ts';
import { MOTIFS_RESILIATION } from './texts.ts';

const SEGMENT_EFFECT = { Bronze: 0.1, Argent: -0.15, Or: -0.45 } as const;

/** The log-odds that the client leaves at the end of its current period, from what it lived so far (no noise). */
export function churnLogit(c: ClientSim): number {
  const s = c.stats;
  const meanNote = s.nNotes > 0 ? s.sumNote / s.nNotes : 4.2 + 0.5 * c.humeur;
  const lateRate = s.n > 0 ? s.late / s.n : 0.07;
  const responseRate = s.sent >= 2 ? s.answered / s.sent : 0.4;
  return -3.35 + 1.7 * (4.2 - meanNote) + 0.55 * Math.min(s.complaints, 5) + 5 * (lateRate - 0.07) + 2.5 * (0.4 - responseRate) + SEGMENT_EFFECT[c.segment];
}

/** Probability that the client leaves at the end of its current period. */
export function churnProbability(c: ClientSim, noise: number): number {
  return sigmoid(churnLogit(c) + noise);
}

/** Decides at the period end `end` (day number): renew (a new period from end+1) or leave. */
export function decideRenewal(rng: Rng, book: ContractBook, c: ClientSim, end: number): void {
  const p = c.period;
  if (!p || p.end !== end) return;
  if (rng.chance(churnProbability(c, rng.normal(0, 0.6)))) {
    const resilie = rng.chance(0.8);
    book.close(c, p, resilie ? 'resilie' : 'expire', resilie ? end - rng.int(15, 60) : null, resilie ? motif(rng, c) : null);
    c.churned = true;
    return;
  }
  book.close(c, p, 'renouvele');
  const upgrade = p.formule === 'Essentiel' && rng.chance(0.05) ? 'Confort' : p.formule === 'Confort' && rng.chance(0.03) ? 'Premium' : p.formule;
  const factor = upgrade === p.formule ? 1.03 : upgrade === 'Confort' ? 1.6 : 1.65;
  book.open(c, end + 1, upgrade, p.montant * factor, p.numero + 1, p.id);
}

function motif(rng: Rng, c: ClientSim): string {
  const s = c.stats;
  const meanNote = s.nNotes > 0 ? s.sumNote / s.nNotes : 4.2;
  if (s.complaints >= 2 || meanNote < 3.7) return MOTIFS_RESILIATION.insatisfaction;
  if (s.n > 0 && s.late / s.n > 0.12) return MOTIFS_RESILIATION.delais;
  const others = c.pro
    ? [MOTIFS_RESILIATION.prix, MOTIFS_RESILIATION.concurrence, MOTIFS_RESILIATION.cessation, MOTIFS_RESILIATION.demenagement]
    : [MOTIFS_RESILIATION.prix, MOTIFS_RESILIATION.concurrence, MOTIFS_RESILIATION.demenagement, MOTIFS_RESILIATION.insatisfaction];
  return rng.pick(others);
}
