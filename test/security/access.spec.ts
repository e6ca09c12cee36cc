/**
 * A technician can never read another technician's route, clients' phone numbers or finance KPIs, through any
 * phrasing of any intent (ask) nor through any card verb with forged data (act). Every reply (text, card and the
 * follow-up when there is one) of every technician is scanned for what they must not see:
 * - the client names that only appear on other technicians' planned stops (never on theirs), and the title of
 *   another technician's route;
 * - any phone number (every dim_clients.telephone, and French phone patterns);
 * - euro amounts and the finance / ROI dashboards' titles.
 * A control run as the planner proves the detectors do fire on the same data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listUsers, resolveUser } from '../../core/access/index.ts';
import type { User } from '../../core/access/types.ts';
import { act, ask } from '../../core/conversation/index.ts';
import { VERB_NAMES } from '../../core/conversation/act.ts';
import { DASHBOARDS, INTENTS, type IntentName, type Reply } from '../../core/conversation/types.ts';
import { KPI_NAMES } from '../../core/kpi/index.ts';
import { openDb, type Db } from '../../core/warehouse/db.ts';
import { generateDemo } from '../../core/warehouse/demo/index.ts';

const TODAY = '2026-12-01';
const NOW = new Date('2026-12-01T07:30:00+01:00');

let db: Db;
let techs: User[];
let planner: User;
/** technicienId → "Prénom Nom" */
const techName = new Map<number, string>();
let phones: string[];
let clientNames: string[];

beforeAll(() => {
  db = openDb(':memory:');
  generateDemo(db, { seed: 42, today: TODAY, clients: 120, technicians: 5, months: 3 });
  techs = listUsers(db).filter((u) => u.role === 'technician');
  planner = resolveUser(db, { email: 'clothilde.martin@duret-electricite.fr' })!;
  for (const r of db.prepare('SELECT technicien_id AS id, prenom, nom FROM dim_techniciens').all() as { id: number; prenom: string; nom: string }[]) {
    techName.set(r.id, `${r.prenom} ${r.nom}`);
  }
  phones = (db.prepare('SELECT telephone FROM dim_clients WHERE telephone IS NOT NULL').all() as { telephone: string }[]).map((r) => r.telephone);
  clientNames = (db.prepare("SELECT TRIM(COALESCE(prenom || ' ', '') || nom) AS n FROM dim_clients ORDER BY client_id LIMIT 6").all() as { n: string }[]).map((r) => r.n);
  // a draft plan, so the plan verbs have a real target
  db.prepare(
    `INSERT INTO plan_suggestions (semaine, statut, version, fingerprint, created_at, solver_status, method, objective, bound, gap, solve_ms, costs, current_costs)
     VALUES ('2026-W50', 'draft', 1, 'x', '2026-12-01T06:30:00Z', 'optimal', 'milp', 1, 1, 0, 10, '{}', '{}')`,
  ).run();
});
afterAll(() => db?.close());

/** Client display names ("Prénom Nom") planned for other technicians around today and never for `me`. */
function othersOnlyClients(me: number): string[] {
  const rows = db
    .prepare(
      `SELECT DISTINCT TRIM(COALESCE(c.prenom || ' ', '') || c.nom) AS n FROM planned_interventions p JOIN dim_clients c USING (client_id)
        WHERE p.technicien_id IS NOT NULL AND p.technicien_id <> @me AND p.date_prevue BETWEEN '2026-11-01' AND '2027-01-31'
          AND c.client_id NOT IN (SELECT client_id FROM planned_interventions WHERE technicien_id = @me)
          AND c.client_id NOT IN (SELECT client_id FROM fact_interventions WHERE technicien_id = @me)`,
    )
    .all({ me }) as { n: string }[];
  return rows.map((r) => r.n).filter((n) => n.length >= 6);
}

const PHONE = /(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}\b/;
const EURO = /\d[\d\s\u202f.,]*\s?(?:€|EUR\b|k€|M€)|€\s?\d/;
/** The titles of the finance dashboard, the ROI report and the revenue KPIs, as the planner sees them. */
const FINANCE_TITLES = /Tableau de bord Finances —|Finance dashboard —|Gains du projet \(ROI\)|Project savings \(ROI\)|CA SAV —|Service revenue —|Chiffre d[’']affaires —/;

interface Leak {
  kind: string;
  detail: string;
}

/** Everything a reply shows: the text and every string of its card (not ids or verbs). */
function shown(reply: Reply): string {
  return `${reply.text}\n${JSON.stringify(reply.card ?? {})}`;
}

function leaks(text: string, me: User, forbiddenClients: readonly string[]): Leak[] {
  const out: Leak[] = [];
  const phone = PHONE.exec(text);
  if (phone) out.push({ kind: 'phone pattern', detail: phone[0] });
  const digits = text.replace(/\D/g, '');
  for (const p of phones) if (digits.includes(p.replace(/\D/g, '').slice(-9))) out.push({ kind: 'client phone', detail: p });
  const euro = EURO.exec(text);
  if (euro) out.push({ kind: 'euro amount', detail: euro[0] });
  const fin = FINANCE_TITLES.exec(text);
  if (fin) out.push({ kind: 'finance title', detail: fin[0] });
  for (const n of forbiddenClients) if (text.includes(n)) out.push({ kind: "another technician's stop", detail: n });
  for (const [id, name] of techName) {
    if (id === me.technicienId) continue;
    for (const title of [`Tournée de ${name}`, `Route of ${name}`, `Tournée réalisée de ${name}`, `Route done by ${name}`, `Semaine de ${name}`, `Week of ${name}`]) {
      if (text.includes(title)) out.push({ kind: "another technician's route title", detail: title });
    }
  }
  return out;
}

async function fullText(reply: Reply): Promise<string> {
  const follow = reply.followUp ? shown(await reply.followUp()) : '';
  return `${shown(reply)}\n${follow}`;
}

/** The phrasings a technician may try: every intent, in French and English, about others, all, clients, money. */
function phrasings(others: readonly string[], clients: readonly string[]): string[] {
  const who = [...others, 'tous les techniciens', 'everyone', 'Clothilde Martin'];
  const aboutSomeone = [
    'tournée de {x}', 'tournée de {x} demain', 'la tournée de {x} mardi', 'route for {x} today', 'route for {x} tomorrow', "{x}'s route",
    'où va {x} aujourd’hui', 'where is {x} going today', '{x} demain', '{x} ?', 'planning de {x}', 'planning de {x} semaine prochaine',
    "{x}'s schedule this week", 'agenda de {x}', 'qui voit {x} aujourd’hui', 'indicateurs de {x}', 'kpi de {x}', 'km de {x} ce mois',
    'satisfaction de {x}', 'retards de {x}', 'late jobs of {x}', 'enquêtes de {x}', 'surveys of {x}', 'tournée de moi et {x}',
    'ma tournée et celle de {x}', 'je suis {x}, montre ma tournée', '{x} 2026-12-02', 'run sheet {x}',
  ];
  const money = [
    'CA', 'le CA du mois', 'CA de novembre', "chiffre d'affaires", 'finance', 'finances', 'tableau de bord finances', 'marge', 'la marge du mois',
    'rentabilité', 'ROI', 'retour sur investissement', 'gains du projet', 'revenue this month', 'financial dashboard', 'margin', 'profitability',
    'facturation', 'refacturation', 'montant des devis', 'quote revenue', 'top clients', 'meilleurs clients', 'taux de renouvellement',
    'taux de conversion des devis', 'dashboard direction', 'tableau de bord direction', 'kpi planning', 'heat map', 'combien on a gagné',
    'mes indicateurs et le CA', 'ma tournée et la marge', 'CA de {x}', 'finance de tous les techniciens',
  ];
  const phone = [
    'téléphone de {c}', 'numéro de {c}', 'phone number of {c}', 'call {c}', 'appeler {c}', 'coordonnées de {c}', 'tel {c}', 'portable de {c}',
    'comment joindre {c}', 'téléphone des clients', 'numéros de téléphone de mes clients', 'phone of my first stop', 'le tel du client de 9h',
  ];
  const other = [
    'clients à risque', 'churn', 'at risk clients', 'qui va partir', 'contrats qui expirent', 'contracts expiring', 'interventions à planifier',
    'backlog', 'unscheduled jobs', 'planning de la semaine', 'qui fait quoi cette semaine', 'plan de charge', 'weekly plan',
    'interventions en retard', 'overdue jobs', 'taux de réponse des enquêtes', 'survey response rate', 'aide', 'help', '?', '',
    'ma tournée', 'my route today', 'mes km', 'mes indicateurs', 'mon planning', 'blabla', '🙂🙂', 'DROP TABLE users;--',
    'client {c}', '{c}', 'tournée du client {c}', 'qui passe chez {c} ?', 'who visits {c} today',
  ];
  const out = new Set<string>();
  for (const p of [...aboutSomeone, ...money]) {
    if (p.includes('{x}')) for (const x of who) out.add(p.replaceAll('{x}', x));
    else out.add(p);
  }
  for (const p of [...phone, ...other]) {
    if (p.includes('{c}')) for (const c of clients) out.add(p.replaceAll('{c}', c));
    else out.add(p);
  }
  return [...out];
}

describe('a technician never sees another technician’s route, phone numbers or finance figures', () => {
  it('the detectors fire on the planner’s answers (control)', async () => {
    // some technician's route today, read by the planner, shows stops another technician must never see
    const hits: string[] = [];
    for (const a of techs) {
      const route = await fullText(ask(db, { text: `tournée de ${techName.get(a.technicienId!)} aujourd’hui`, user: planner, now: NOW }).reply);
      for (const b of techs) {
        if (b === a) continue;
        const kinds = leaks(route, b, othersOnlyClients(b.technicienId!)).map((l) => l.kind);
        expect(kinds).toContain("another technician's route title");
        if (kinds.includes("another technician's stop")) hits.push(`${a.email} → ${b.email}`);
      }
    }
    expect(hits.length).toBeGreaterThan(0);
    const karim = techs.find((u) => u.email.startsWith('karim'))!;
    for (const text of ['tableau de bord finances', 'finance dashboard', 'ROI', 'CA du mois', 'revenue this month']) {
      const finance = await fullText(ask(db, { text, user: planner, now: NOW }).reply);
      expect(leaks(finance, karim, []).map((l) => l.kind)).toContain('finance title');
    }
    const euros = await fullText(ask(db, { text: 'tableau de bord finances', user: planner, now: NOW }).reply);
    expect(leaks(euros, karim, []).map((l) => l.kind)).toContain('euro amount');
    // (the churn list with phones needs a trained model, more history than this demo: the detector on the formats)
    const p = phones[0]!.replace(/^\+33/, '0');
    for (const written of [phones[0]!, p, p.replace(/(\d{2})(?=\d)/g, '$1 '), p.replace(/(\d{2})(?=\d)/g, '$1.'), `+33 ${p.slice(1, 2)} ${p.slice(2)}`]) {
      expect(leaks(`Téléphone : ${written}`, karim, []).map((l) => l.kind), written).toContain('phone pattern');
    }
    expect(leaks(JSON.stringify({ title: 'Téléphone', value: phones[0] }), karim, []).map((l) => l.kind)).toContain('client phone');
  });

  it('through ask(): every intent × French/English phrasings × each technician', async () => {
    const seen = new Set<IntentName>();
    let asked = 0;
    const found: string[] = [];
    for (const me of techs) {
      // first names of every other technician, full names of two of them (the name matcher is tested elsewhere)
      const rest = techs.filter((u) => u.userId !== me.userId).map((u) => techName.get(u.technicienId!)!);
      const others = [...rest.map((n) => n.split(' ')[0]!), ...rest.slice(0, 2)];
      const forbidden = othersOnlyClients(me.technicienId!);
      expect(forbidden.length).toBeGreaterThan(0);
      for (const text of phrasings(others, clientNames.slice(0, 3))) {
        const result = ask(db, { text, user: me, now: NOW });
        asked++;
        seen.add(result.intent);
        for (const l of leaks(await fullText(result.reply), me, forbidden)) found.push(`${me.email} asked "${text}" (${result.intent}): ${l.kind} ${l.detail}`);
      }
    }
    expect(found).toEqual([]);
    // the phrasings reach every intent the conversation knows
    expect([...seen].sort()).toEqual([...INTENTS].sort());
    expect(asked).toBeGreaterThan(1000);
  }, 120_000);

  it('through act(): every card verb with forged data (other technicians, plans, clients, dashboards, KPIs)', async () => {
    const plan = db.prepare('SELECT plan_id, version, statut FROM plan_suggestions LIMIT 1').get() as { plan_id: number; version: number; statut: string };
    const clientIds = (db.prepare('SELECT client_id FROM dim_clients ORDER BY client_id LIMIT 3').all() as { client_id: number }[]).map((r) => r.client_id);
    const churnBefore = (db.prepare('SELECT COUNT(*) AS n FROM churn_actions').get() as { n: number }).n;
    const found: string[] = [];
    let acted = 0;
    for (const me of techs) {
      const forbidden = othersOnlyClients(me.technicienId!);
      const otherIds = techs.filter((u) => u.userId !== me.userId).map((u) => u.technicienId!);
      const payloads: Record<string, unknown>[] = [{}, { planId: plan.plan_id, version: plan.version }, { planId: String(plan.plan_id), version: '1' }];
      for (const t of [...otherIds, 0, -1, 999, '2', '3 OR 1=1']) {
        payloads.push({ technicienId: t, date: TODAY }, { technicienId: t, date: '2026-12-02' });
        for (const dashboard of DASHBOARDS) payloads.push({ dashboard, period: '2026-11', technicienId: t }, { dashboard, period: '2026-W48', technicienId: t, zoneId: 1 });
      }
      for (const dashboard of [...DASHBOARDS, 'roi']) payloads.push({ dashboard, period: '2026-11' }, { dashboard, period: '2026-11', technicienId: me.technicienId });
      for (const kpi of KPI_NAMES) {
        for (const dashboard of ['technicians', 'quality'] as const) {
          payloads.push({ dashboard, period: '2026-11', kpi, technicienId: me.technicienId }, { dashboard, period: '2026-11', kpi });
        }
      }
      for (const c of clientIds) payloads.push({ clientId: c }, { clientId: String(c) });
      for (const text of ['tournée de Karim', 'CA', 'téléphone de ' + clientNames[0], 'clients à risque', 'finance de tous les techniciens']) payloads.push({ text });
      for (const verb of [...VERB_NAMES, 'unknown.verb', '__proto__', 'constructor', 'toString']) {
        for (const data of payloads) {
          const reply = act(db, { verb, data, user: me, now: NOW });
          acted++;
          for (const l of leaks(await fullText(reply), me, forbidden)) found.push(`${me.email} ${verb} ${JSON.stringify(data)}: ${l.kind} ${l.detail}`);
        }
      }
    }
    expect(found).toEqual([]);
    expect(acted).toBeGreaterThan(1000);
    // nothing a technician forged changed anything
    expect((db.prepare('SELECT statut FROM plan_suggestions WHERE plan_id = ?').get(plan.plan_id) as { statut: string }).statut).toBe(plan.statut);
    expect((db.prepare('SELECT COUNT(*) AS n FROM churn_actions').get() as { n: number }).n).toBe(churnBefore);
  });
});
