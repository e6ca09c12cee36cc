import type { IntentName } from './types.ts';
import { DATE_WORDS } from './dates.ts';
import { COMMON_WORDS, sameWord, withinOneEdit } from './text.ts';

/**
 * Intent recognition by keyword scores: every intent has weighted keywords and phrases (French and
 * English, folded: no accents, lower case); the intent with the highest total wins. Words of ≥ 6 letters
 * tolerate one typo (Damerau-Levenshtein ≤ 1), words of 5 letters two swapped neighbours ("chrun"),
 * plural and feminine endings are folded; everyday words (COMMON_WORDS) are never taken for a typo. Entities found in the message add small hints
 * (a technician or a day leans to `route`, a week to `planning.week`).
 *
 * Confidence: a message whose best score is weak (a lone "semaine", "combien", "bonjour"…) and that also holds a
 * word no keyword, date or filler explains ("la météo de la semaine", "téléphone de Karim") is `unknown`: a wrong
 * answer given confidently is worse than the list of what the bot can do.
 */
type Scored = Exclude<IntentName, 'unknown'>;

const KEYWORDS: Record<Scored, Record<string, number>> = {
  route: {
    tournee: 4, tournees: 4, route: 4, routes: 3, itineraire: 4, itinerary: 4, trajet: 3, parcours: 3, circuit: 3, tour: 2,
    'ou va': 4, 'ou vas': 4, 'ou vais': 4, 'ou ira': 4, 'ou sera': 3, 'ou est': 1, 'where is': 1, 'where does': 2, 'where will': 2, 'where am': 2,
    going: 2, 'go today': 2, stops: 3, arrets: 3, visites: 2, 'rendez vous': 2, rdv: 2, journee: 2, 'programme du jour': 4, programme: 1,
    interventions: 1, intervention: 1, jobs: 1, day: 1, 'mes clients': 1, planning: 1, 'run sheet': 4,
    'je fais quoi': 4, 'on fait quoi': 3, 'il fait quoi': 4, 'fait quoi': 3, 'je vois': 2, 'quels clients': 1, 'what am i doing': 4,
    'what do i have': 3, 'what s on': 3, 'whats on': 3, 'who do i see': 4, 'qui je vois': 4,
    'va ou': 4, 'vais ou': 4, 'vas ou': 4, 'est ou': 1, 'sont ou': 1, 'ou je vais': 4, 'ou je dois': 4, 'ou dois je': 4, 'commence ou': 4,
    'ou je commence': 4, 'where s': 1, 'wheres': 1, 'on a quoi': 4, 'a quoi de prevu': 4, voit: 2, 'passe chez': 4, 'chez qui': 4, 'where do i': 3, 'j ai quoi': 4, 'que j ai': 3, 'ai de prevu': 3, 'de prevu': 2, prevu: 1,
    chantier: 3, chantiers: 3, seeing: 2, visiting: 2, dispo: 2, disponible: 2, available: 2, 'next stops': 3, 'prochains clients': 3,
  },
  'planning.week': {
    planning: 2, plannings: 2, semaine: 1, week: 1, weekly: 2, hebdo: 2, hebdomadaire: 2, schedule: 2, agenda: 2,
    'plan de charge': 4, charge: 1, calendrier: 2, calendar: 2, occupation: 2, 'qui fait quoi': 3, plan: 2, 'emploi du temps': 4, vue: 2,
  },
  'planning.pending': {
    'a planifier': 5, 'a programmer': 5, 'a placer': 4, 'a caser': 4, 'non planifie': 5, 'non planifiee': 5, 'non planifiees': 5,
    'non planifies': 5, 'pas planifie': 5, 'pas encore planifie': 5, 'pas planifiees': 5, 'en attente': 3, pending: 5,
    unplanned: 5, unscheduled: 5, 'to schedule': 5, 'to plan': 5, 'not scheduled': 5, 'not planned': 5, backlog: 5,
    'en souffrance': 2, 'reste a faire': 3, 'demandes en cours': 3, 'nouvelles demandes': 3, demandes: 1, requests: 1,
    'needs scheduling': 5, 'need scheduling': 5, 'to be scheduled': 5, 'to be planned': 5, scheduling: 2, 'sans technicien': 4,
    'non planif': 5, 'non affecte': 5, 'pas affecte': 5, 'pas encore affecte': 5, 'a affecter': 5, unassigned: 5, 'not assigned': 5,
    'not yet scheduled': 5, 'not yet planned': 5, 'non programme': 5, 'pas programme': 5, 'pas encore programme': 5, 'needs planning': 5, 'need planning': 5, 'a traiter': 3, 'non traite': 4, 'pas encore traite': 4, 'pas traite': 4,
  },
  'churn.at_risk': {
    churn: 6, attrition: 5, 'a risque': 5, risque: 3, risques: 3, 'at risk': 5, risk: 3, risky: 3, 'vont partir': 5,
    'risquent de partir': 5, partir: 2, perdre: 2, losing: 3, lose: 2, departs: 2, fuite: 2, resilier: 2, resiliation: 2,
    resiliations: 2, fragiles: 3, churners: 5, 'likely to leave': 5, leave: 1, fidelite: 2, retention: 3,
    risquent: 3, quitter: 3, 'nous quitter': 4, 'might leave': 5, 'going to leave': 5,
  },
  kpi: {
    kpi: 6, kpis: 6, indicateur: 5, indicateurs: 5, indicators: 5, metrics: 5, 'tableau de bord': 6, dashboard: 6, tdb: 5,
    nps: 4, synthese: 3, 'delai moyen': 5, 'temps moyen': 4, 'duree moyenne': 4, 'chiffre d affaires': 6, 'chiffre daffaires': 6, 'le ca': 4, 'ca du': 4, 'ca de': 3, 'ca ce': 4, 'notre ca': 4,
    'ca mensuel': 4, 'ca total': 4, revenue: 5, turnover: 4, sales: 3, conversion: 5, taux: 2, rate: 1, km: 3, kms: 3,
    kilometres: 3, kilometre: 3, kilometrage: 4, mileage: 4, miles: 2, satisfaction: 3, qualite: 3, quality: 3,
    finance: 4, finances: 4, financier: 4, financiers: 4, financial: 4, marge: 4, margin: 4, stats: 4, statistiques: 4,
    statistics: 4, performance: 3, performances: 3, chiffres: 3, figures: 1, numbers: 1, resultats: 2, results: 2,
    'first time fix': 5, ftf: 4, 'premiere visite': 3, reclamations: 2, complaints: 2, depassement: 2, depassements: 2,
    devis: 3, quotes: 3, quote: 2, moyenne: 1, average: 1, ratio: 2, rentabilite: 4, profitability: 4, scorecard: 4,
    bilan: 2, reporting: 3, facturation: 3, refacturation: 3, productivite: 4, productivity: 4, combien: 1, 'how many': 1, 'how much': 1,
    'km parcourus': 4, 'kilometres parcourus': 4, 'distance parcourue': 4, nombre: 1,
    roi: 6, 'gains du projet': 6, 'gain du projet': 6, 'retour sur investissement': 6, 'return on investment': 6, 'project savings': 6,
    'heat map': 5, heatmap: 5, 'carte de chaleur': 5, 'nuage de mots': 5, 'word cloud': 5, 'taux de renouvellement': 8, 'renewal rate': 8,
    'top clients': 5, 'meilleurs clients': 5, 'taux d occupation': 5, 'occupancy rate': 5,
  },
  'alerts.contracts': {
    contrat: 3, contrats: 3, contract: 3, contracts: 3, 'se terminent': 4, 'se termine': 4, 'arrivent a echeance': 5,
    'arrivent a terme': 5, echeance: 2, echeances: 2, expire: 3, expirent: 4, expiring: 4, expiry: 4, expiration: 4,
    renouvellement: 4, renouvellements: 4, renouveler: 4, 'a renouveler': 5, renewal: 4, renewals: 4, renew: 4,
    'fin de contrat': 5, ending: 2, 'end soon': 3, 'fin prochaine': 3,
  },
  'alerts.late': {
    retard: 5, retards: 5, 'en retard': 5, late: 5, overdue: 5, delayed: 4, delay: 4, delays: 4, 'hors delai': 5,
    'hors delais': 5, 'echeance depassee': 5, 'echeances depassees': 5, 'past due': 5, behind: 2, sla: 3, urgent: 1, urgentes: 1,
    'delai depasse': 5, 'delais depasses': 5, 'running late': 5, 'a la bourre': 5, bourre: 4,
  },
  'survey.status': {
    enquete: 6, enquetes: 6, survey: 6, surveys: 6, questionnaire: 5, questionnaires: 5, sondage: 5, sondages: 5,
    'taux de reponse': 6, 'response rate': 6, reponses: 2, responses: 2, feedback: 4, 'avis clients': 4, avis: 2,
    sms: 2, relance: 2, relances: 2, 'satisfaction client': 2,
  },
  help: {
    aide: 6, aider: 5, aidez: 6, help: 6, 'comment tu marches': 5, 'what can i ask': 6, 'que puis je demander': 6, 'what can i': 3, 'que sais tu faire': 6, 'que peux tu faire': 6, 'tu sais faire quoi': 6, 'tu fais quoi': 5,
    'what can you do': 6, 'how does it work': 5, 'comment ca marche': 5, 'comment ca fonctionne': 5, 'mode d emploi': 5,
    commandes: 4, commands: 4, menu: 4, exemples: 4, examples: 4, options: 2, 'qui es tu': 4, 'who are you': 4,
    'tu es qui': 4, 't es qui': 4, 'es tu qui': 4, 'tu peux faire quoi': 6, 'peux tu faire': 5, 'tu peux faire': 4, utiliser: 4, utilise: 4,
    'how do i use': 5, 'use this': 3, 'use you': 3,
    bonjour: 1, bonsoir: 1, salut: 1, coucou: 1, hello: 1, hi: 1, hey: 1, yo: 1, 'good morning': 1, 'good afternoon': 1, merci: 1, thanks: 1,
    bjr: 1, slt: 1, thx: 1, cheers: 1, 'thank you': 1, 'bonne journee': 3, 'bonne soiree': 3, 'bon week end': 3, 'bonne fin de journee': 3,
  },
};

interface Keyword {
  readonly words: readonly string[];
  readonly weight: number;
}

/**
 * The keywords of each intent, variants of one word counted once: "contrat" and "contrats", "non planifié" and
 * "non planifiées" match the same tokens, and a message must not score twice for one word.
 */
const TABLE: readonly (readonly [Scored, readonly Keyword[]])[] = (Object.entries(KEYWORDS) as [Scored, Record<string, number>][]).map(([intent, words]) => {
  const byStem = new Map<string, Keyword>();
  for (const [phrase, weight] of Object.entries(words)) {
    const parts = phrase.split(' ');
    const key = parts.map((w) => stem(w)).join(' ');
    const kept = byStem.get(key);
    if (!kept || kept.weight < weight) byStem.set(key, { words: parts, weight });
  }
  return [intent, [...byStem.values()]] as const;
});

/** Every single word used by a keyword (the name matcher must not take them for a typo of a name). */
export const KEYWORD_WORDS: ReadonlySet<string> = new Set(TABLE.flatMap(([, kws]) => kws.flatMap((k) => k.words)));

const FUZZY_MIN = 6;
/** Stems of at least this many letters tolerate one typo ("toruné" ≈ "tournée": tourn/torun). */
const STEM_FUZZY_MIN = 5;

/** Crude French/English plural and feminine folding: planifiées ≈ planifié, retards ≈ retard. */
function stem(w: string): string {
  return w.length < 5 ? w : w.replace(/s$/, '').replace(/e$/, '').replace(/e$/, '');
}

/** Two neighbouring letters swapped ("chrun" for "churn"). */
function swapped(token: string, word: string): boolean {
  if (token.length !== word.length) return false;
  const diff = [...token].flatMap((c, i) => (c === word[i] ? [] : [i]));
  return diff.length === 2 && diff[1] === diff[0]! + 1 && token[diff[0]!] === word[diff[1]!] && token[diff[1]!] === word[diff[0]!];
}

function wordMatches(token: string, word: string): boolean {
  if (token === word) return true;
  if (word.length >= 5 && stem(token) === stem(word)) return true;
  if (COMMON_WORDS.has(token) || KEYWORD_WORDS.has(token) || DATE_WORDS.has(token)) return false;
  if (word.length === 5) return swapped(token, word);
  if (sameWord(token, word, FUZZY_MIN)) return true;
  // a typo on top of an ending: "toruné" (torun) for "tournée" (tourn)
  const [a, b] = [stem(token), stem(word)];
  return word.length >= FUZZY_MIN && a.length >= STEM_FUZZY_MIN && b.length >= STEM_FUZZY_MIN && withinOneEdit(a, b);
}

/** Index of the first occurrence of a keyword (its words in a row) in the tokens, or -1. */
function occurrence(tokens: readonly string[], words: readonly string[]): number {
  outer: for (let i = 0; i + words.length <= tokens.length; i++) {
    for (let k = 0; k < words.length; k++) if (!wordMatches(tokens[i + k]!, words[k]!)) continue outer;
    return i;
  }
  return -1;
}

/**
 * Words that carry no topic of their own: polite wrappers, chat fillers, request verbs ("Bonjour, pourrais-tu
 * me donner… stp merci"). With COMMON_WORDS and the date words, they never make a message "about something else".
 */
const FILLER: ReadonlySet<string> = new Set(
  (
    'bonjour bonsoir salut coucou hello hi hey yo merci thanks thx stp svp please pls plz beaucoup super ok okay daccord ' +
    'pourrais pourrait pourriez peux peut pouvez veux voudrais voulais aimerais souhaite besoin avoir envoyer envoie envoies ' +
    'donnez donne moi affiches afficher affiche montres montre sors sortir trouve trouver chercher cherche regarder regarde ' +
    'sais savoir connaitre dites dis aussi alors sinon puis encore deja bien bon bonne ca c est qu quoi quel quelle quels quelles ' +
    'prevue prevues prevus il ils y a t s m n j l d qui sont the en au aux pour svp merci stp ' +
    'need want like would could should might may must have has had get got go gonna wanna check checking see look looking send ' +
    'whats what s it its me us we our my mine their them they he she his her hers its him also then again still just now ' +
    'bcp lot much vraiment parfait nickel cool genial top great ' +
    'tout toute tous toutes petit petite rapide rapidement vite liste list lister'
  ).split(' '),
);

/** A word no keyword, date or filler explains (so the message may be about something the bot does not do). */
function unexplained(token: string): boolean {
  if (token.length <= 1 || /^\d+[a-z]{0,3}$/.test(token)) return false;
  if (COMMON_WORDS.has(token) || FILLER.has(token) || DATE_WORDS.has(token)) return false;
  for (const w of DATE_WORDS) if (sameWord(token, w, FUZZY_MIN)) return false;
  return true;
}

/** What the message is known to mention besides keywords. */
export interface IntentHints {
  technician: boolean;
  selfReference: boolean;
  /** a single day */
  date: boolean;
  /** YYYY-Www */
  week: boolean;
  /** the text is only punctuation such as "?" */
  onlyPunctuation: boolean;
  /** "CA" in capitals (chiffre d'affaires), which folding would confuse with "ça" */
  revenueAcronym: boolean;
}

export interface Classification {
  intent: IntentName;
  scores: Record<Scored, number>;
}

/** A score from which the intent stands even beside words it does not explain. */
const CONFIDENT = 2;

/** Ties are broken in this order (the more specific first). */
const PRIORITY: readonly Scored[] = [
  'planning.pending', 'churn.at_risk', 'alerts.late', 'alerts.contracts', 'survey.status', 'kpi', 'route', 'planning.week', 'help',
];

/**
 * The intent of a message, from its tokens (names already removed) and the entities found.
 * `unknown` when no keyword matched and the entities do not point to a route.
 */
export function classify(tokens: readonly string[], hints: IntentHints): Classification {
  const explained = new Set<number>();
  const scores = Object.fromEntries(
    TABLE.map(([intent, kws]) => [
      intent,
      kws.reduce((sum, k) => {
        const at = occurrence(tokens, k.words);
        if (at < 0) return sum;
        for (let i = 0; i < k.words.length; i++) explained.add(at + i);
        return sum + k.weight;
      }, 0),
    ]),
  ) as Record<Scored, number>;
  if (hints.revenueAcronym) scores.kpi += 4;
  /** what the words alone say, before the hints of the entities */
  const keywordScores = { ...scores };
  if (scores.route > 0 && (hints.technician || hints.selfReference)) scores.route += 1;
  if (scores.route > 0 && hints.date && !hints.week) scores.route += 1;
  if (scores['planning.week'] > 0 && hints.week) scores['planning.week'] += 1;
  // "ma tournée de la semaine": a route over a week is the week's planning
  if (scores.route > 0 && hints.week && !hints.date) scores['planning.week'] = Math.max(scores['planning.week'], scores.route + 1);
  // "le planning de Karim lundi", "Lucas's schedule today": a planning for one day is that day's route
  if (scores['planning.week'] > 0 && hints.date && !hints.week) scores.route = Math.max(scores.route, scores['planning.week'] + 1);

  // words about something else: "la météo de la semaine", "téléphone de Karim"
  const stray = tokens.some((t, i) => !explained.has(i) && unexplained(t));
  let best: Scored | null = null;
  for (const intent of PRIORITY) if (scores[intent] > 0 && (best === null || scores[intent] > scores[best])) best = intent;
  const evidence = Math.max(...Object.values(keywordScores));
  if (best && (evidence >= CONFIDENT || !stray)) return { intent: best, scores };
  if (best) return { intent: 'unknown', scores };
  // no keyword: "Karim demain", "Julien ?" → a route; "?" or nothing → help
  if (hints.technician && !stray) return { intent: 'route', scores };
  if (hints.onlyPunctuation || tokens.length === 0) return { intent: 'help', scores };
  return { intent: 'unknown', scores };
}
