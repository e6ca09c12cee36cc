import { beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../warehouse/db.ts';
import { listUsers } from '../access/users.ts';
import type { User } from '../access/types.ts';
import { ask } from './ask.ts';
import { FIXTURE_NOW, seedFixture } from './fixtures.ts';
import type { IntentName } from './types.ts';

let db: Db;
let direction: User;
beforeAll(() => {
  db = openDb(':memory:');
  seedFixture(db);
  direction = listUsers(db).find((u) => u.role === 'direction')!;
});

const intentOf = (text: string): IntentName => ask(db, { text, user: direction, now: FIXTURE_NOW }).intent;

const CASES: Record<IntentName, string[]> = {
  route: [
    "ma tournée aujourd'hui", 'ma tournee de demain', 'MA TOURNÉE DEMAIN !!!', 'tournée de Karim lundi', 'route for Gaëtan today',
    'where is Julien going tomorrow', 'où va Lucas demain ?', 'ou va thomas apres-demain', 'itinéraire de Julien Favre le 3 décembre',
    'tounée de Karim', 'tournnée de Karim demain', 'Karim demain', 'Benali ?', 'show me the route of Lucas Perrin on monday',
    "quelle est la tournée d'aujourd'hui de Gaetan", 'trajet de Thomas jeudi', 'parcours de Julien 03/12', "Karim's route for 2026-12-03",
    'rdv de Karim demain', 'programme du jour de Lucas',
  ],
  'planning.week': [
    'planning de la semaine prochaine', 'planning de la semaine', 'planing semaine 50', 'planning de Karim cette semaine',
    'weekly schedule', 'schedule for next week', 'agenda de Julien semaine prochaine', 'plan de charge S50', 'ma tournée de la semaine',
  ],
  'planning.pending': [
    'interventions à planifier', 'interventions a planifier', 'quelles interventions restent à planifier ?', 'demandes non planifiées',
    'pending interventions', 'unscheduled jobs', "qu'est-ce qui n'est pas encore planifié", 'backlog', 'interventions à programmer',
  ],
  'churn.at_risk': [
    'clients à risque', 'clients a risque', 'churn', 'CHURN du mois', 'quels clients risquent de partir ?', 'customers at risk',
    'which clients are likely to leave', 'risque de churn', 'clients a rsique', 'attrition',
  ],
  kpi: [
    'NPS du mois', 'tableau de bord direction', 'KPI qualité de novembre', 'taux de conversion des devis', 'CA du mois',
    'mes km cette semaine', 'chiffre d’affaires de novembre', 'dashboard finance', 'indicateurs techniciens', 'revenue last month',
    'kpis', 'statistiques qualité', 'quality dashboard for November', 'le ca du mois dernier', 'taux de first time fix',
    'kilométrage de Karim ce mois', 'tableau de bord planning', 'indicatuers qualité',
  ],
  'alerts.contracts': [
    'contrats qui se terminent', 'contrats qui arrivent à échéance', 'contracts ending soon', 'expiring contracts',
    'renouvellements de contrats', 'contrats à renouveler ce mois', 'fin de contrat', 'contrat qui expirent',
  ],
  'alerts.late': [
    'retards', 'interventions en retard', 'late interventions', 'overdue jobs', 'quelles interventions sont hors délai ?',
    'y a-t-il du retard', 'retrads', 'delayed interventions',
  ],
  'survey.status': [
    'enquêtes', 'enquetes de satisfaction', 'survey status', 'taux de réponse des enquêtes', 'où en sont les sondages ?',
    'enqêtes', 'surveys this week', 'questionnaires envoyés',
  ],
  help: ['aide', 'help', '?', 'bonjour', 'Bonjour !', 'salut', 'hello', 'que sais-tu faire ?', 'what can you do?', '', '   ', 'aide moi', 'menu'],
  unknown: ['blabla', 'quelle est la météo à Paris', 'raconte-moi une blague', 'asdfgh qwerty', 'comment ça va', 'toute la nuit', 'doing fine'],
};

/** Everyday phrasings, written without looking at the keyword table. */
const MORE: [IntentName, string][] = [
  ['route', "c'est quoi ma tournée demain"],
  ['route', "je fais quoi demain ?"],
  ['route', "quels clients je vois aujourd'hui"],
  ['route', "mes interventions de demain"],
  ['route', "mes rendez-vous de jeudi"],
  ['route', "Où est Karim aujourd'hui ?"],
  ['route', "what's on Lucas's schedule today"],
  ['route', "show Thomas's route for friday"],
  ['route', "Julien's stops tomorrow"],
  ['route', "tournée Karim 3/12"],
  ['route', "la tournee de gaetan morel pour le 2 decembre"],
  ['route', "itinéraire de demain pour Thomas"],
  ['route', "where am I going today"],
  ['route', "my stops today"],
  ['route', "today's route for Karim"],
  ['planning.week', "planning semaine prochaine"],
  ['planning.week', "le planning de Karim pour la semaine 50"],
  ['planning.week', "show me next week's schedule"],
  ['planning.week', "what's the plan for next week"],
  ['planning.week', "charge de la semaine"],
  ['planning.week', "planning hebdo de Julien"],
  ['planning.pending', "qu'est-ce qui reste à planifier ?"],
  ['planning.pending', "il y a des demandes en attente ?"],
  ['planning.pending', "what needs scheduling"],
  ['planning.pending', "interventions pas encore planifiées"],
  ['planning.pending', "nouvelles demandes du portail"],
  ["churn.at_risk", "quels clients risquent de résilier"],
  ["churn.at_risk", "clients qui risquent de nous quitter"],
  ["churn.at_risk", "who might churn"],
  ["churn.at_risk", "liste des clients à risque élevé"],
  ["churn.at_risk", "risque de départ"],
  ["churn.at_risk", "top churn risk customers"],
  ['kpi', "combien de km ce mois-ci"],
  ['kpi', "quel est le NPS de novembre"],
  ['kpi', "satisfaction moyenne du mois"],
  ['kpi', "les chiffres du mois"],
  ['kpi', "performance des techniciens"],
  ['kpi', "taux de transformation des devis"],
  ['kpi', "how much revenue this month"],
  ['kpi', "what's our NPS"],
  ['kpi', "combien d'interventions ce mois"],
  ['kpi', "tableau de bord"],
  ['kpi', "montre moi les indicateurs qualité"],
  ['kpi', "first-time fix rate"],
  ['kpi', "marge du mois dernier"],
  ['alerts.contracts', "quels contrats expirent ce mois"],
  ['alerts.contracts', "contrats à échéance"],
  ['alerts.contracts', "which contracts expire soon"],
  ['alerts.contracts', "renouvellements à venir"],
  ['alerts.contracts', "contrats arrivant à terme"],
  ['alerts.late', "interventions en retard cette semaine"],
  ['alerts.late', "qui est en retard ?"],
  ['alerts.late', "any overdue interventions?"],
  ['alerts.late', "délais dépassés"],
  ['alerts.late', "what is running late"],
  ['survey.status', "état des enquêtes"],
  ['survey.status', "combien d'enquêtes ont répondu"],
  ['survey.status', "survey response rate"],
  ['survey.status', "les avis clients"],
  ['survey.status', "retours des questionnaires de satisfaction"],
  ['help', "que peux-tu faire ?"],
  ['help', "comment tu marches"],
  ['help', "Hi!"],
  ['help', "hey"],
  ['help', "aidez-moi"],
  ['help', "what can I ask"],
  ['help', "bonjour, que sais-tu faire ?"],
  ['unknown', "quel temps fait-il"],
  ['unknown', "je veux une pizza"],
  // typos, capitals, missing accents
  ['route', "tournèe de karim pour demian"],
  ['route', "TOURNEE KARIM DEMAIN"],
  ['route', "tourne de karim"],
  ['route', "tournée de Lucas vendredi prochain"],
  ['route', "tournee Thomas Girard mercredi"],
  ['route', "c koi la tournée de julien demain"],
  ['route', "itineraire gaetan"],
  ['route', "Tournée du 3 décembre pour Julien"],
  ['route', "Gaëtan's route on December 3"],
  ['route', "route of Thomas on 12/03/2026"],
  ['planning.week', "planning S50"],
  ['planning.week', "planing de la semaine"],
  ['planning.week', "emploi du temps de la semaine"],
  ['planning.pending', "interventions non planifiées"],
  ['planning.pending', "interventions à plannifier"],
  ["churn.at_risk", "clients à risques"],
  ["churn.at_risk", "client a risque de churn"],
  ["churn.at_risk", "chrun"],
  ['kpi', "KPI"],
  ['kpi', "kpi finance"],
  ['kpi', "dashbord qualité"],
  ['kpi', "tableau de bord techniciens du mois dernier"],
  ['kpi', "satisfaction clients novembre"],
  ['kpi', "nps"],
  ['kpi', "quel est le CA"],
  ['kpi', "chiffre d'affaire"],
  ['kpi', "taux de conversion"],
  ['kpi', "nombre de km parcourus cette semaine"],
  ['alerts.contracts', "contrats expirant"],
  ['alerts.contracts', "contrat qui se termine bientôt"],
  ['alerts.late', "intervention en retard"],
  ['alerts.late', "retard"],
  ['survey.status', "enquete"],
  ['survey.status', "sondage sms"],
  ['help', "aide moi stp"],
  ['help', "HELP!!!"],
  ['help', "??"],
  ['help', "Bonjour"],
  ['unknown', "ok"],
  ['unknown', "test"],
];

describe('intent recognition', () => {
  it.each(MORE)('%s: %s', (intent, text) => {
    expect(intentOf(text)).toBe(intent);
  });

  for (const [intent, phrases] of Object.entries(CASES) as [IntentName, string[]][]) {
    it.each(phrases)(`${intent}: %s`, (text) => {
      expect(intentOf(text)).toBe(intent);
    });
  }

  it('treats SQL metacharacters as text', () => {
    expect(intentOf("tournée de Karim'; DROP TABLE users; --")).toBe('route');
    expect(intentOf('" OR 1=1 --')).toBe('unknown');
    expect((db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n).toBe(8);
  });
});
