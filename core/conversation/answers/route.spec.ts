import { beforeEach, describe, expect, it } from 'vitest';
import { checkCard } from '../../../cards/index.ts';
import { listUsers } from '../../access/users.ts';
import type { User } from '../../access/types.ts';
import type { RouteSettings } from '../../planning/tournee.ts';
import { ensureCalendar } from '../../warehouse/calendar.ts';
import { openDb, type Db } from '../../warehouse/db.ts';
import { ask } from '../ask.ts';
import { FIXTURE_NOW, seedFixture } from '../fixtures.ts';
import { routeReply } from './route.ts';

const SETTINGS: RouteSettings = { roadFactor: 1.3, speedKmh: 40, dayStart: '08:00', dayEnd: '18:00' };
let db: Db;
let users: Record<string, User>;
beforeEach(() => {
  db = openDb(':memory:');
  seedFixture(db);
  users = Object.fromEntries(listUsers(db).map((u) => [u.displayName.split(' ')[0]!.toLowerCase(), u]));
});

type Action = { type: string; title: string; url?: string; verb?: string };
const bodyText = (card: unknown) => JSON.stringify(card);
const openUrls = (card: Record<string, unknown>): Action[] => {
  const top = (card.actions as Action[]).filter((a) => a.type === 'Action.OpenUrl');
  const sets = (card.body as { type: string; actions?: Action[] }[]).filter((b) => b.type === 'ActionSet').flatMap((b) => b.actions ?? []);
  return [...top, ...sets];
};

/** Thomas (5) on Friday 2026-12-04: `clients` planned in that order, optional windows. */
function plan(clients: number[], windows: Record<number, [string, string]> = {}): void {
  const insert = db.prepare(
    `INSERT INTO planned_interventions (source_ref, client_id, type_intervention_id, zone_id, technicien_id, date_prevue, ordre,
       fenetre_debut, fenetre_fin, duree_prevue_min, date_demande, statut, origine)
     VALUES (?, ?, 1, 1, 5, '2026-12-04', ?, ?, ?, 30, '2026-11-20', 'planifie', 'erp')`,
  );
  clients.forEach((c, k) => insert.run(`T-${k}`, c, k + 1, windows[c]?.[0] ?? null, windows[c]?.[1] ?? null));
}

describe('route reply: the optimised tour', () => {
  it('shows the optimised order, the km saved on the planned order and the planned position of moved stops', () => {
    plan([103, 102, 104, 101]);
    const r = routeReply(db, users.thomas!, 5, '2026-12-04', 'fr', { settings: SETTINGS });
    const lines = r.text.split('\n');
    expect(lines[0]).toMatch(/^Tournée de Thomas Girard — vendredi 4 décembre : 4 interventions, (\d+,\d) km, (\d+ min|\d+ h( \d\d)?) de route\.$/);
    const m = /^Ordre optimisé : (\d+,\d) km économisés sur l’ordre prévu \((\d+,\d) km, −(\d+) %\)\.$/.exec(lines[1]!);
    expect(m).not.toBeNull();
    const [saved, before] = [Number(m![1]!.replace(',', '.')), Number(m![2]!.replace(',', '.'))];
    const total = Number(/(\d+,\d) km/.exec(lines[0]!)![1]!.replace(',', '.'));
    expect(saved).toBeCloseTo(before - total, 6);
    expect(Number(m![3])).toBe(Math.round((saved / before) * 100));
    expect(checkCard(r.card!)).toEqual([]);
    const json = bodyText(r.card);
    expect(json).toContain(`"text":"${lines[1]}"`);
    expect(json).toContain('"title":"Ordre prévu"');
    expect(json).toContain('"title":"Sur place"');
    expect(json).toContain('"title":"Arrivée à la base"');
  });

  it('names the stops that do not fit, with the reason, in the text and the card', () => {
    plan([101, 104, 102], { 104: ['08:00', '08:10'] });
    const r = routeReply(db, users.clothilde!, 5, '2026-12-04', 'fr', { settings: SETTINGS });
    expect(r.text).toMatch(/^Tournée de Thomas Girard — vendredi 4 décembre : 2 interventions/);
    expect(r.text).toMatch(/\nNe tient pas : Sean O'Brien — Créneau 08:00–08:10 inatteignable : arrivée au plus tôt à \d\d:\d\d\./);
    expect(checkCard(r.card!)).toEqual([]);
    const json = bodyText(r.card);
    expect(json).toContain('Ne tiennent pas dans la journée');
    expect(json).toMatch(/Sean O'Brien — Créneau 08:00–08:10 inatteignable/);
  });

  it('splits the directions when the day has more stops than a phone link takes', () => {
    plan([101, 102, 103, 104, 101, 102, 103, 104, 101, 102, 103, 104]);
    const r = routeReply(db, users.clothilde!, 5, '2026-12-04', 'fr', { settings: SETTINGS });
    expect(checkCard(r.card!)).toEqual([]);
    const links = openUrls(r.card!);
    expect(links.map((l) => l.title)).toEqual(['Itinéraire 1/2 : arrêts 1–10', 'Itinéraire 2/2 : arrêts 11–12']);
    expect(links.every((l) => /^https:\/\/www\.google\.com\/maps\/dir\/\?api=1&/.test(l.url!))).toBe(true);
    expect(links.every((l) => new URL(l.url!).searchParams.get('waypoints')!.split('|').length <= 9)).toBe(true);
    expect(r.text).toContain(`Itinéraire 2/2 : arrêts 11–12 : ${links[1]!.url}`);
  });

  it('gives one link and no extra section for a short day', () => {
    plan([101, 102]);
    const card = routeReply(db, users.clothilde!, 5, '2026-12-04', 'en', { settings: SETTINGS }).card!;
    expect(openUrls(card).map((l) => l.title)).toEqual(['Directions (Google Maps)']);
    expect((card.body as { type: string }[]).some((b) => b.type === 'ActionSet')).toBe(false);
    expect(bodyText(card)).not.toContain('Do not fit');
  });

  it('ends with the week’s km against the plan and the −20 % goal', () => {
    ensureCalendar(db, '2026-11-23', '2026-12-06');
    const fact = db.prepare(
      `INSERT INTO fact_interventions (source_ref, date_id, client_id, technicien_id, zone_id, type_intervention_id, duree_prevue_min, km_parcourus, km_plan_initial)
       VALUES (?, ?, 101, 5, 1, 1, 60, ?, ?)`,
    );
    fact.run('F-1', 20261201, 82, 100);
    plan([101, 102]);
    const r = routeReply(db, users.thomas!, 5, '2026-12-04', 'fr', { settings: SETTINGS });
    expect(r.text).toContain('\nCette semaine : 82,0 km, −18 % vs plan (objectif −20 %).');
    expect(bodyText(r.card)).toContain('Cette semaine : 82,0 km, −18 % vs plan (objectif −20 %).');
    // no intervention yet this week: the week before
    fact.run('F-2', 20261125, 70, 100);
    db.prepare("DELETE FROM fact_interventions WHERE source_ref = 'F-1'").run();
    expect(routeReply(db, users.thomas!, 5, '2026-12-04', 'en', { settings: SETTINGS }).text).toContain('\nPrevious week: 70.0 km, −30% vs plan (goal −20%).');
  });

  it('keeps the access rules: a technician sees only their own route', () => {
    plan([101, 102]);
    const refused = routeReply(db, users.karim!, 5, '2026-12-04', 'fr', { settings: SETTINGS });
    expect(refused.text).toBe('Désolé, vous ne pouvez consulter que votre propre tournée.');
    expect(bodyText(refused.card)).not.toContain('Jeanne Dupont');
    expect(as('karim', 'tournée de Thomas vendredi').reply.text).toBe('Désolé, vous ne pouvez consulter que votre propre tournée.');
    expect(as('thomas', 'ma tournée vendredi').reply.text).toMatch(/^Tournée de Thomas Girard — vendredi 4 décembre : 2 interventions/);
  });
});

const as = (who: string, text: string) => ask(db, { text, user: users[who]!, now: FIXTURE_NOW });
