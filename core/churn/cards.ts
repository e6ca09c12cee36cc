/** The churn cards (cards/churn-list.json, cards/churn-alert.json) from scored clients, in the reader's language. */
import { renderCard, type ChurnCardLabels } from '../../cards/index.ts';
import type { CardJson, Lang } from '../conversation/types.ts';
import type { Risk } from './config.ts';
import { actionLabel, reasonText } from './reasons.ts';
import type { ScoredClient } from './score.ts';

const t = (lang: Lang, fr: string, en: string): string => (lang === 'fr' ? fr : en);

export function churnLabels(lang: Lang): ChurnCardLabels {
  return {
    score: t(lang, 'Score', 'Score'),
    action: t(lang, 'Action suggérée', 'Suggested action'),
    phone: t(lang, 'Téléphone', 'Phone'),
    reasons: t(lang, 'Pourquoi', 'Why'),
    called: t(lang, 'Appel fait', 'Called'),
    offer: t(lang, 'Offre envoyée', 'Offer sent'),
    ignore: t(lang, 'Ignorer', 'Ignore'),
  };
}

export const formatScore = (score: number, lang: Lang): string => `${Math.round(score * 100)}${lang === 'fr' ? ' %' : '%'}`;

export function riskLabel(risk: Risk, lang: Lang): string {
  if (lang === 'fr') return risk;
  return risk === 'Élevé' ? 'High' : risk === 'Moyen' ? 'Medium' : 'Low';
}

/** The reasons in the reader's language (stored in French; English rebuilt from the values). */
export function reasonWords(c: ScoredClient, lang: Lang): string[] {
  return c.reasons.map((r) => (lang === 'fr' ? r.text : (reasonText(r.feature, r.value, 'en') ?? r.text)));
}

const color = (risk: Risk): 'Attention' | 'Warning' | 'Good' => (risk === 'Élevé' ? 'Attention' : risk === 'Moyen' ? 'Warning' : 'Good');

export function churnListCard(clients: readonly ScoredClient[], opts: { lang: Lang; showPhone: boolean; title: string; subtitle: string; footer: string }): CardJson {
  return renderCard('churn-list', {
    title: opts.title,
    subtitle: opts.subtitle,
    clients: clients.map((c) => ({
      clientId: c.clientId,
      name: c.name,
      score: formatScore(c.score, opts.lang),
      risque: riskLabel(c.risque, opts.lang),
      color: color(c.risque),
      reasons: reasonWords(c, opts.lang).join(' · ') || t(opts.lang, 'pas de raison marquante', 'no standout reason'),
      action: actionLabel(c.action, opts.lang),
      telephone: opts.showPhone ? (c.telephone ?? '') : '',
    })),
    footer: opts.footer,
    labels: churnLabels(opts.lang),
  });
}

export function churnAlertCard(c: ScoredClient, opts: { lang: Lang; showPhone: boolean }): CardJson {
  return renderCard('churn-alert', {
    title: t(opts.lang, 'Client passé en risque élevé', 'Client now at high risk'),
    clientId: c.clientId,
    name: c.name,
    score: formatScore(c.score, opts.lang),
    risque: riskLabel(c.risque, opts.lang),
    action: actionLabel(c.action, opts.lang),
    telephone: opts.showPhone ? (c.telephone ?? '') : '',
    reasons: reasonWords(c, opts.lang),
    labels: churnLabels(opts.lang),
  });
}
