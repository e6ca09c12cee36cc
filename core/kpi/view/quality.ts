/** The Quality card: NPS, response rate, satisfaction per type, complaints (Pareto), first visit, word cloud. */
import type { QualityCardData, WordsSection } from '../../../cards/charts/types.ts';
import { GOALS } from '../goals.ts';
import type { QualityDashboard } from '../quality.ts';
import type { WordCount } from '../words.ts';
import { DASHBOARD_NAMES, heading, nav, versusLabel, type ViewContext } from './common.ts';
import { monthLabel, num, orDash, pct, round, rowsOf, short, signed, t, tile, trend } from './format.ts';
import { gaugeNps } from './gauges.ts';

const SIZES = ['Small', 'Default', 'Medium', 'Large', 'ExtraLarge'] as const;

/** A word cloud as TextRuns: the size grows with the frequency (5 steps), the most frequent in bold. */
export function wordCloud(words: readonly WordCount[]): WordsSection['inlines'] {
  const max = words[0]?.count ?? 1;
  const min = words[words.length - 1]?.count ?? 1;
  const colors = ['Accent', 'Default', 'Good', 'Default', 'Warning'] as const;
  const sorted = [...words].sort((a, b) => a.word.localeCompare(b.word, 'fr'));
  return sorted.map((w, i) => {
    const step = max === min ? 2 : Math.round(((w.count - min) / (max - min)) * 4);
    return { type: 'TextRun', text: `${w.word}  `, size: SIZES[step]!, weight: step >= 3 ? 'Bolder' : 'Default', color: colors[i % colors.length]! };
  });
}

const satisfactionColor = (v: number) => (v >= 4.2 ? 'good' : v >= 3.8 ? 'warning' : 'attention') as 'good' | 'warning' | 'attention';

export function qualityCard(v: ViewContext, d: QualityDashboard): QualityCardData {
  const { lang } = v;
  const vs = versusLabel(v.scope.period, lang);
  const reasons = d.reasons.slice(0, 6);
  const tiles = [
    tile('NPS', orDash(d.nps.value, (x) => signed(Math.round(x), lang)), { lang, status: GOALS.nps.status(d.nps.value), goal: GOALS.nps, trend: trend(d.nps, 'absolute', lang, vs) }),
    tile(t(lang, 'Taux de réponse', 'Response rate'), orDash(d.response.value, (x) => pct(x, lang)), {
      lang, status: GOALS.response.status(d.response.value), goal: GOALS.response, trend: trend(d.response, 'points', lang, vs),
    }),
    tile(t(lang, 'Satisfaction moyenne', 'Mean satisfaction'), orDash(d.satisfaction.value, (x) => `${num(x, lang, 2)}/5`), {
      lang, status: d.satisfaction.value === null ? 'neutral' : satisfactionColor(d.satisfaction.value), trend: trend(d.satisfaction, 'absolute', lang, vs, 2),
    }),
    tile(t(lang, 'Réclamations', 'Complaints'), num(d.complaints.value ?? 0, lang), { lang, trend: trend(d.complaints, 'absolute', lang, vs) }),
    tile(t(lang, 'Résolu à la 1re visite', 'First-visit resolution'), orDash(d.firstVisit.value, (x) => pct(x, lang)), { lang, trend: trend(d.firstVisit, 'points', lang, vs) }),
  ];
  return {
    ...heading(v, t(lang, `Tableau de bord ${DASHBOARD_NAMES.quality.fr}`, `${DASHBOARD_NAMES.quality.en} dashboard`)),
    tileRows: rowsOf(tiles),
    nps: {
      ...gaugeNps(d.nps.value, lang), title: 'NPS',
      note: t(lang, `${d.nps.promoters} promoteurs, ${d.nps.detractors} détracteurs sur ${d.nps.answers} réponses`, `${d.nps.promoters} promoters, ${d.nps.detractors} detractors of ${d.nps.answers} answers`),
    },
    byType: {
      show: d.satisfactionByType.length > 0, title: t(lang, 'Satisfaction moyenne par type (/5)', 'Mean satisfaction per type (/5)'), note: '',
      data: d.satisfactionByType.map((x) => ({ x: short(x.libelle, 30), y: round(x.value, 2), color: satisfactionColor(x.value) })),
    },
    complaints: {
      show: d.complaintsByMonth.some((p) => p.y > 0), title: t(lang, 'Réclamations par mois', 'Complaints per month'), note: '', xAxisTitle: '', yAxisTitle: '',
      data: d.complaintsByMonth.map((p) => ({ x: monthLabel(p.x, lang), y: p.y, color: 'categoricalRed' as const })),
    },
    reasons: {
      show: reasons.length > 0, title: t(lang, 'Motifs de réclamation (Pareto)', 'Complaint reasons (Pareto)'),
      note: reasons.map((r) => `${short(r.reason, 30)} ${pct(r.cumulative, lang)}`).join(' · ') + t(lang, ' (cumul)', ' (cumulative)'),
      data: reasons.map((r) => ({ x: short(r.reason, 30), y: r.count, color: 'categoricalRed' as const })),
    },
    words: {
      show: d.words.length > 0, title: t(lang, 'Mots des commentaires clients', 'Words of client comments'),
      note: t(lang, `${d.words.length} mots les plus fréquents, taille selon la fréquence`, `${d.words.length} most frequent words, sized by frequency`),
      inlines: wordCloud(d.words),
    },
    footnote: t(
      lang,
      'NPS = % promoteurs (9–10) − % détracteurs (0–6) des enquêtes répondues · taux de réponse = enquêtes répondues / envoyées.',
      'NPS = % promoters (9–10) − % detractors (0–6) of answered surveys · response rate = surveys answered / sent.',
    ),
    nav: nav(v, 'quality'),
  };
}

