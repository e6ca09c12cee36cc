/** Per-client reasons in words ("satisfaction moyenne 2,8/5", "3 réclamations en 12 mois") and the suggested action. */
import type { Lang } from '../conversation/types.ts';
import { CHURN_CONFIG } from './config.ts';
import type { FeatureName } from './features.ts';

export interface Reason {
  readonly feature: FeatureName;
  readonly value: number | null;
  /** the French words */
  readonly text: string;
}

export type SuggestedAction = 'appel' | 'offre' | 'visite';

const SEGMENTS = ['Bronze', 'Argent', 'Or'];
const n1 = (x: number, lang: Lang) => new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 1 }).format(x);
const money = (x: number, lang: Lang) => new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(x);
const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

/** The words of a feature value, or null when the value is no reason at all (0 complaints…). */
export function reasonText(feature: FeatureName, value: number | null, lang: Lang = 'fr'): string | null {
  const v = value === null || Number.isNaN(value) ? null : value;
  const w = CHURN_CONFIG.windowMonths;
  const fr = lang === 'fr';
  switch (feature) {
    case 'satisfaction_moyenne':
      return v === null ? (fr ? `aucune note de satisfaction en ${w} mois` : `no satisfaction rating in ${w} months`) : fr ? `satisfaction moyenne ${n1(v, lang)}/5` : `average satisfaction ${n1(v, lang)}/5`;
    case 'nb_notes_inferieures_3':
      return v ? (fr ? `${plural(v, 'note inférieure', 'notes inférieures')} à 3 en ${w} mois` : `${plural(v, 'rating', 'ratings')} below 3 in ${w} months`) : null;
    case 'jours_dernier_contact':
      return v === null ? null : fr ? `aucun contact depuis ${v} jours` : `no contact for ${v} days`;
    case 'taux_reponse_enquete':
      return v === null ? (fr ? 'aucune enquête envoyée' : 'no survey sent') : fr ? `répond à ${Math.round(v * 100)} % des enquêtes` : `answers ${Math.round(v * 100)}% of surveys`;
    case 'nb_reclamations':
      return v ? (fr ? `${plural(v, 'réclamation', 'réclamations')} en ${w} mois` : `${plural(v, 'complaint', 'complaints')} in ${w} months`) : null;
    case 'anciennete_mois':
      return v === null ? null : fr ? `client depuis ${v} mois` : `client for ${v} months`;
    case 'segment':
      return v === null ? null : `segment ${SEGMENTS[v] ?? v}`;
    case 'montant_contrat_annuel':
      return v === null ? null : fr ? `contrat de ${money(v, lang)} par an` : `contract of ${money(v, lang)} a year`;
    case 'taux_renouvellement':
      return v === null ? (fr ? 'premier contrat, jamais renouvelé' : 'first contract, never renewed') : fr ? `taux de renouvellement ${Math.round(v * 100)} %` : `renewal rate ${Math.round(v * 100)}%`;
    case 'nb_interventions_retard':
      return v ? (fr ? `${plural(v, 'intervention', 'interventions')} en retard en ${w} mois` : `${plural(v, 'late intervention', 'late interventions')} in ${w} months`) : null;
    case 'jours_avant_echeance':
      return v === null ? null : fr ? `échéance du contrat dans ${v} jours` : `contract ends in ${v} days`;
  }
}

const SERVICE: readonly FeatureName[] = ['nb_reclamations', 'nb_interventions_retard', 'nb_notes_inferieures_3', 'satisfaction_moyenne'];

/**
 * What to do: a senior technician's visit when the reasons are about the service (complaints, late
 * interventions, low ratings), the loyalty offer when the renewal is near, else a call.
 */
export function suggestAction(reasons: readonly Reason[]): SuggestedAction {
  if (reasons.some((r) => SERVICE.includes(r.feature) && (r.feature !== 'satisfaction_moyenne' || (r.value !== null && r.value < 3.8)))) return 'visite';
  if (reasons.some((r) => r.feature === 'jours_avant_echeance' && r.value !== null && r.value <= CHURN_CONFIG.horizonMonths * 31)) return 'offre';
  return 'appel';
}

export function actionLabel(action: SuggestedAction, lang: Lang = 'fr'): string {
  const fr = lang === 'fr';
  switch (action) {
    case 'appel':
      return fr ? 'Appeler le client' : 'Call the client';
    case 'offre':
      return fr ? 'Offre fidélité −10 % au renouvellement' : 'Loyalty offer: −10% at renewal';
    case 'visite':
      return fr ? 'Visite d’un technicien senior' : 'Visit by a senior technician';
  }
}
